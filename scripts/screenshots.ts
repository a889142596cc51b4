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
  ensurePortalBuilt();
  const dynamo = await startDynamoLocal();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  await ensureTable(dynamo.endpoint, process.env.TABLE_NAME);
  const server = await startLocalServer({ port });
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
  } catch (error) {
    const pages = browser.contexts()[0]?.pages() ?? [];
    await pages[0]?.screenshot({ path: '/tmp/screenshots-failure.png', fullPage: true });
    throw error;
  } finally {
    await browser.close();
    await server.close();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
