/**
 * `npm run screenshots`: PNGs of the developer portal's main pages in docs/screenshots/,
 * taken in Debian's Chromium against a throw-away local stack (in-memory DynamoDB Local,
 * the local server), with sample data entered through the portal and the API.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localClientSecretPepper } from '../lib/config.js';
import { ensurePortalBuilt } from '../portal/build.js';
import { ensureTable, freePort, startDynamoLocal } from '../tools/local/dynamo-local.js';
import { startLocalServer } from '../tools/local/server.js';
import { startLocalSes } from '../tools/local/local-ses.js';
import { createLocalWebhooks } from '../tools/local/webhooks-runtime.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium, pageWidth, seriousAxeViolations } from '../test/support/browser.js';

const outDir = join(import.meta.dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  const port = await freePort();
  process.env.PORT = String(port);
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.TABLE_NAME = 'signet-screenshots';
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.LOG_LEVEL = 'SILENT';
  process.env.METRICS = 'off';
  process.env.CLIENT_SECRET_PEPPER = localClientSecretPepper; // a throw-away local table, as npm start
  process.env.WEBHOOK_ALLOW_LOOPBACK = 'true'; // the sample receiver below is on 127.0.0.1, as under npm start
  ensurePortalBuilt();
  const dynamo = await startDynamoLocal();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  await ensureTable(dynamo.endpoint, process.env.TABLE_NAME);
  const ses = await startLocalSes();
  process.env.SES_ENDPOINT = ses.endpoint;
  const server = await startLocalServer({ port });
  // Webhooks as under npm start, to a sample receiver that fails its second delivery once (the log shows a retry).
  const webhooks = createLocalWebhooks({ endpoint: dynamo.endpoint, tableName: process.env.TABLE_NAME });
  await webhooks.prepare();
  webhooks.start(250);
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.statusCode = received === 2 ? 503 : 200;
      response.end(received === 2 ? 'busy, try later' : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/signet/webhooks`;
  const browser = await launchChromium();
  try {
    mkdirSync(outDir, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const shot = async (name: string, target: { screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown> } = page, fullPage = false) => {
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) throw new Error(`${name}: ${violations.join('\n')}`);
      await target.screenshot({ path: join(outDir, `${name}.png`), ...(fullPage ? { fullPage } : {}) });
      console.log(`docs/screenshots/${name}.png (page ${await pageWidth(page)} px wide)`);
    };
    const api = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(server.url + path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { results: { user_info: { global_id: string } } };
    };

    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: 'Sign in to the developer portal' }).waitFor();
    await page.getByLabel('E-mail').fill('dana@example.com');
    await shot('sign-in');

    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    for (const [name, hostname] of [
      ['Acme Fitness', 'fitness.acme.test'],
      ['Acme Recipes', 'recipes.acme.test'],
    ] as const) {
      if (name === 'Acme Recipes') await page.getByRole('button', { name: 'I have stored it' }).click();
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Hostnames').fill(hostname);
      await page.getByRole('button', { name: 'Create application' }).click();
      await page.getByRole('heading', { name: `“${name}” is created` }).waitFor();
    }
    const secret = (await page.getByTestId('new-secret').textContent()) ?? '';
    await shot('applications', page, true);

    await page.getByRole('link', { name: 'Acme Recipes' }).click();
    await page.getByRole('heading', { name: 'Acme Recipes', level: 1 }).waitFor();
    const variants = page.getByRole('region', { name: 'Variants (plans)' });
    for (const [name, description, duration] of [
      ['Pro', 'All recipes and meal plans', 'YEAR'],
      ['Family', 'Up to six cooks', 'MONTH'],
    ] as const) {
      await variants.getByLabel('Name', { exact: true }).fill(name);
      await variants.getByLabel('Description (optional)').fill(description);
      await variants.getByLabel('Default duration').selectOption(duration);
      await variants.getByRole('button', { name: 'Create variant' }).click();
      await variants.getByText(name, { exact: true }).waitFor();
    }
    const readiness = page.getByRole('region', { name: 'Integration readiness' });
    await readiness.getByRole('button', { name: 'Test status sync' }).click();
    await readiness.getByRole('heading', { name: /: not ready$/ }).waitFor();
    await shot('readiness-not-ready', readiness);
    const users = page.getByRole('region', { name: 'Connected users' });
    await users.getByTestId('connect-login').waitFor();
    await shot('connect-first-user', users);

    const members = [
      ['Mia', 'Moreno'],
      ['Noah', 'Nakamura'],
      ['Olivia', 'Okafor'],
    ];
    const globalIds: string[] = [];
    for (const [first, last] of members) {
      const username = `${first?.toLowerCase()}@example.com`;
      const added = await api('POST', '/auth/add-user', { username, password: 'correct horse battery', first_name: first, last_name: last });
      globalIds.push(added.results.user_info.global_id);
      await api('POST', '/auth/login', { username, password: 'correct horse battery' }, { 'X-Spaaza-MyPrice-App-Hostname': 'recipes.acme.test' });
    }
    await users.getByRole('button', { name: 'Refresh' }).click();
    await users.getByRole('cell', { name: /Mia Moreno/ }).waitFor();
    await readiness.getByRole('button', { name: 'Test status sync' }).click();
    await readiness.getByRole('heading', { name: /^Status sync.*: ready$/ }).waitFor();
    await readiness.getByRole('button', { name: 'Test current logins' }).click();
    await readiness.getByRole('heading', { name: /^Current logins.*: ready$/ }).waitFor();
    await shot('readiness', readiness);

    const hooks = page.getByRole('region', { name: 'Webhooks' });
    await hooks.getByLabel('Endpoint URL (https)').fill(receiverUrl);
    await hooks.getByRole('button', { name: 'Add endpoint' }).click();
    await hooks.getByTestId('new-webhook-secret').waitFor();
    await shot('webhooks-secret', hooks);
    await hooks.getByRole('button', { name: 'I have stored it' }).click();

    const tryIt = page.getByRole('region', { name: 'Try it: set a user’s status' });
    await tryIt.getByLabel('Client secret').fill(secret);
    for (const [index, status] of [
      [0, 'Pro'],
      [0, 'Family'],
      [1, 'Pro'],
    ] as const) {
      await tryIt.getByLabel('Connected user').selectOption(globalIds[index] ?? '');
      await tryIt.getByLabel('Status', { exact: true }).fill(status);
      await tryIt.getByRole('button', { name: 'Send request' }).click();
      await tryIt.getByTestId('try-response').filter({ hasText: status.toUpperCase() }).waitFor();
    }
    await shot('try-it', tryIt);
    await hooks.getByRole('button', { name: 'Send test event' }).click();
    // The local runtime ticks every 250 ms; the failed delivery is retried about 5 s later.
    await page.waitForTimeout(8000);
    await hooks.getByRole('button', { name: 'Delivery log' }).click();
    await hooks.getByText('signet.test').first().waitFor();
    await shot('webhooks', hooks);
    const codes = page.getByRole('region', { name: 'License codes' });
    await codes.locator('#generate-variant').selectOption({ label: 'Family' });
    await codes.getByLabel('How many').fill('4');
    await codes.getByRole('button', { name: 'Generate codes' }).click();
    await codes.getByText('Generated 4 codes.').waitFor();
    await codes.getByLabel('Code lines').fill('code,expiresAt\nPARTNER-2026-0001,2027-06-30T00:00:00Z\nPARTNER-2026-0002\nbad\n');
    await codes.getByRole('button', { name: 'Import codes' }).click();
    await codes.getByText(/^Imported 2 codes/).waitFor();
    await shot('license-codes', codes);
    await users.getByRole('button', { name: `History of ${globalIds[0]}` }).click();
    await users.getByRole('list', { name: 'Status changes, newest first' }).getByText('superseded').waitFor();
    await shot('users-history', users);
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('application-detail', page, true);

    await page.setViewportSize({ width: 375, height: 760 });
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('application-detail-375px');
    await users.scrollIntoViewIfNeeded();
    await shot('users-375px');

    // Account lifecycle (docs/api.md, account lifecycle): the app's reset URL, the account page, the reset pages.
    await page.setViewportSize({ width: 1280, height: 800 });
    const resetUrl = page.getByRole('region', { name: 'Password reset link' });
    await resetUrl.getByLabel('Reset URL').fill('https://recipes.acme.test/reset-password?token={token}');
    await resetUrl.getByRole('button', { name: 'Save reset URL' }).click();
    await resetUrl.getByText('Saved.').waitFor();
    await shot('reset-url', resetUrl);
    await page.goto(server.url + '/#/account');
    await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    await page.getByLabel('Last name').waitFor();
    const danger = page.getByRole('region', { name: 'Delete your account' });
    await danger.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await danger.getByRole('button', { name: 'Delete account' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete account' }).click();
    await danger.getByText('You still own applications').waitFor();
    await shot('account', page, true);

    const signedOut = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })).newPage();
    await signedOut.goto(server.url + '/#/forgot-password');
    await signedOut.getByLabel('E-mail').fill('mia@example.com');
    await signedOut.getByRole('button', { name: 'Send reset link' }).click();
    await signedOut.getByText(/a mail with a reset link is on its way/).waitFor();
    await signedOut.screenshot({ path: join(outDir, 'forgot-password.png') });
    console.log('docs/screenshots/forgot-password.png');
    const [mail] = await ses.mails('mia@example.com');
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    await signedOut.goto(`${server.url}/#/reset-password?token=${token}`);
    await signedOut.getByLabel('New password').fill('a brand new password');
    await signedOut.getByLabel('Repeat it').fill('a brand new password');
    await signedOut.screenshot({ path: join(outDir, 'reset-password.png') });
    console.log('docs/screenshots/reset-password.png');
  } catch (error) {
    const pages = browser.contexts()[0]?.pages() ?? [];
    await pages[0]?.screenshot({ path: '/tmp/screenshots-failure.png', fullPage: true });
    throw error;
  } finally {
    await browser.close();
    webhooks.stop();
    receiver.close();
    await server.close();
    await dynamo.stop();
    await ses.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
