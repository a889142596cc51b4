import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensurePortalBuilt } from '../portal/build.js';
import { defaultPassword, registerUser, uniqueUsername } from './support/accounts.js';
import { launchChromium, pageWidth, seriousAxeViolations, watchPageProblems } from './support/browser.js';
import { startLocalApi, type LocalApi } from './support/http.js';

/**
 * The developer portal's whole journey in Debian's Chromium against the local server
 * (API and portal on one origin), with an axe-core check of every page.
 */
let api: LocalApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  ensurePortalBuilt();
  [api, browser] = await Promise.all([startLocalApi(), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  problems = watchPageProblems(page);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function expectAccessible(label: string): Promise<void> {
  expect({ page: label, violations: await seriousAxeViolations(page) }).toEqual({ page: label, violations: [] });
}

const section = (name: string) => page.getByRole('region', { name });

it('a developer runs a whole integration from the browser', async () => {
  const developer = uniqueUsername('dev');
  const hostname = `journey-${Date.now().toString(36)}.test`;

  // 1. Sign up (which signs in), create an app: its secret is shown once.
  // A signed-out visit makes no request that fails: nothing in the console (a 401 would log one).
  const consoleErrors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
  await page.goto(api.url + '/');
  await page.getByRole('heading', { name: 'Sign in to the developer portal' }).waitFor();
  expect(consoleErrors).toEqual([]);
  await expectAccessible('sign in');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('E-mail').fill(developer);
  await page.getByLabel('Password', { exact: true }).fill(defaultPassword);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Applications' }).waitFor();

  await page.getByLabel('Name', { exact: true }).fill('Journey app');
  await page.getByLabel('Hostnames').fill(hostname);
  await page.getByRole('button', { name: 'Create application' }).click();
  await page.getByText('you will not see it again').waitFor();
  const firstSecret = (await page.getByTestId('new-secret').textContent()) ?? '';
  expect(firstSecret).toMatch(/\S{20,}/);
  await expectAccessible('applications with a new secret');
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByTestId('new-secret').count()).resolves.toBe(0);
  await page.getByRole('link', { name: 'Journey app' }).click();
  await page.getByRole('heading', { name: 'Journey app', level: 1 }).waitFor();
  const appId = ((await page.locator('main > p.muted code').first().textContent()) ?? '').trim();
  expect(appId).not.toBe('');
  await expect(section('Hostnames').getByText('verified').count()).resolves.toBe(1);

  // 2. A variant.
  const variants = section('Variants (plans)');
  await variants.getByLabel('Name', { exact: true }).fill('Pro');
  await variants.getByLabel('Default duration').selectOption('YEAR');
  await variants.getByRole('button', { name: 'Create variant' }).click();
  await variants.getByText('Pro', { exact: true }).waitFor();
  await variants.getByLabel('Name', { exact: true }).fill('pro');
  await variants.getByRole('button', { name: 'Create variant' }).click();
  await variants.getByRole('alert').filter({ hasText: 'That name is taken' }).waitFor();
  await variants.getByLabel('Name', { exact: true }).fill('Trial');
  await variants.getByRole('button', { name: 'Create variant' }).click();
  await variants.getByRole('button', { name: 'Edit Trial' }).click();
  await variants.getByLabel('Description (optional)').first().fill('Two weeks free');
  await variants.getByRole('button', { name: 'Save variant' }).click();
  await variants.getByText(/Two weeks free/).waitFor();
  await variants.getByRole('button', { name: 'Delete Trial' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete variant' }).click();
  await variants.getByRole('button', { name: 'Delete Trial' }).waitFor({ state: 'detached' });

  // 2b. License codes of the variant: generate three, see them in the inventory; import with a bad line.
  const codes = section('License codes');
  await codes.getByLabel('How many').fill('3');
  await codes.getByRole('button', { name: 'Generate codes' }).click();
  await codes.getByText('Generated 3 codes.').waitFor();
  const generated = ((await codes.getByTestId('generated-codes').inputValue()) ?? '').split('\n');
  expect(generated).toHaveLength(3);
  for (const code of generated) await codes.getByRole('cell', { name: code }).waitFor();
  await codes.getByLabel('State').selectOption('ACTIVE');
  await codes.getByText('No codes match these filters.').waitFor();
  await codes.getByLabel('State').selectOption('UNUSED');
  await codes.getByRole('cell', { name: generated[0] }).waitFor();
  await codes.getByLabel('Code lines').fill('code\nPARTNER-0001-AAAA\nbad\n');
  await codes.getByRole('button', { name: 'Import codes' }).click();
  await codes.getByText('Imported 1 code; 1 line was not imported.').waitFor();
  await codes.getByRole('list', { name: 'Lines not imported' }).getByText(/^Line 3: /).waitFor();
  await codes.getByRole('cell', { name: 'PARTNER-0001-AAAA' }).waitFor();
  await codes.getByLabel('How many').fill('0');
  await page.evaluate("document.getElementById('generate-count').form.noValidate = true"); // the server's own 400, as a sentence
  await codes.getByRole('button', { name: 'Generate codes' }).click();
  await codes.getByRole('alert').filter({ hasText: /count/ }).waitFor();
  await expectAccessible('license codes');

  // 4 (before). Not ready: nobody is connected yet.
  const readiness = section('Integration readiness');
  await readiness.getByRole('button', { name: 'Test status sync' }).click();
  await readiness.getByRole('heading', { name: /^Status sync.*: not ready$/ }).waitFor();
  await readiness.getByText('No user has an active connection yet').waitFor();

  // 3. Nobody connected: the panel shows the two requests with this app's values; run verbatim, they connect a user,
  //    who appears without a reload. Then a member signs in through the API the same way.
  const users = section('Connected users');
  const addUserSnippet = (await users.getByTestId('connect-add-user').textContent()) ?? '';
  const loginSnippet = (await users.getByTestId('connect-login').textContent()) ?? '';
  expect(addUserSnippet).toContain(`B=${api.url.replace(/\/$/, '')}`);
  expect(loginSnippet).toContain(`X-Spaaza-MyPrice-App-Hostname: ${hostname}`);
  // Asynchronously: the server answering curl runs in this process.
  const ran = await promisify(execFile)('bash', ['-c', `set -e\n${addUserSnippet}\n${loginSnippet}`], { encoding: 'utf8', timeout: 30_000 });
  expect(ran.stdout).toMatch(/"result_type":"login"/);
  await users.getByRole('cell', { name: /first\.user@example\.com/ }).waitFor({ timeout: 15_000 }); // the list polls while empty
  const member = await registerUser({ first_name: 'Mia', last_name: 'Member' } as never);
  const login = await api.call('POST', '/auth/login', {
    headers: { 'X-Spaaza-MyPrice-App-Hostname': hostname },
    body: { username: member.username, password: member.password },
  });
  expect(login.status).toBe(200);
  await users.getByRole('button', { name: 'Refresh' }).click();
  await users.getByRole('cell', { name: /Mia Member/ }).waitFor();

  // 4. Ready.
  await readiness.getByRole('button', { name: 'Test status sync' }).click();
  await readiness.getByRole('heading', { name: /^Status sync.*: ready$/ }).waitFor();
  await readiness.getByRole('button', { name: 'Test current logins' }).click();
  await readiness.getByRole('heading', { name: /^Current logins.*: ready$/ }).waitFor();

  // 5. A grant through "try it"; the history timeline shows it. The secret is stored nowhere.
  const tryIt = section('Try it: set a user’s status');
  await tryIt.getByLabel('Client secret').fill(firstSecret);
  await tryIt.getByLabel('Connected user').selectOption(member.globalId);
  await tryIt.getByLabel('Status', { exact: true }).fill('Pro');
  await tryIt.getByRole('button', { name: 'Send request' }).click();
  await tryIt.getByText('HTTP 200').waitFor();
  expect(await tryIt.getByTestId('try-response').textContent()).toContain('"action": "granted"');
  const curl = (await tryIt.locator('pre').first().textContent()) ?? '';
  expect(curl).toContain(`curl -X PATCH '${api.url}/api/applications/${appId}/users/${member.globalId}/status'`);
  expect(curl).toContain('$SIGNET_CLIENT_SECRET');
  expect(await page.content()).not.toContain(firstSecret);
  const stored = await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })');
  expect(stored).not.toContain(firstSecret);
  expect((await context.cookies()).map((cookie) => cookie.value).join()).not.toContain(firstSecret);

  await users.getByRole('cell', { name: 'PRO' }).waitFor();
  await variants.getByRole('button', { name: 'Delete Pro' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete variant' }).click();
  await variants.getByRole('alert').filter({ hasText: 'This variant cannot be deleted yet' }).waitFor();
  await users.getByRole('button', { name: `History of ${member.globalId}` }).click();
  const timeline = users.getByRole('list', { name: 'Status changes, newest first' });
  await timeline.getByText('granted').waitFor();
  await expect(timeline.getByText('PRO', { exact: true }).count()).resolves.toBe(1);
  await expectAccessible('application detail with reports, history and try it');

  // Deactivate by keyboard alone: the dialog opens on Cancel; Shift+Tab reaches the confirm button.
  await users.getByRole('button', { name: `Deactivate ${member.globalId}` }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Deactivate Mia Member/ });
  await dialog.waitFor();
  await expectAccessible('deactivate dialog');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await users.getByText('inactive').waitFor();

  // 6. Rotate, retire the old secret; retiring the last one is refused with the reason.
  const secrets = section('Client secrets');
  await secrets.getByRole('button', { name: 'Create a new secret' }).click();
  await secrets.getByTestId('new-secret').waitFor();
  await secrets.locator('tbody tr').nth(1).waitFor();
  const oldSecretId = ((await secrets.locator('tbody tr td code').first().textContent()) ?? '').trim();
  await secrets.getByRole('button', { name: `Retire secret ${oldSecretId}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Retire secret' }).click();
  await secrets.getByRole('button', { name: `Retire secret ${oldSecretId}` }).waitFor({ state: 'detached' });
  await expect(secrets.locator('tbody tr').count()).resolves.toBe(1);
  await secrets.getByRole('button', { name: /^Retire secret / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Retire secret' }).click();
  await secrets.getByRole('alert').filter({ hasText: 'Not retired: This is the last active client secret' }).waitFor();

  // 375 px: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await pageWidth(page)).toBeLessThanOrEqual(375);
  await expectAccessible('application detail at 375 px'); // tables that scroll sideways are reachable by keyboard
  await page.setViewportSize({ width: 1280, height: 900 });

  // Sign out ends the session server-side: the old cookie no longer works.
  const [sessionCookie] = await context.cookies();
  expect(sessionCookie?.httpOnly).toBe(true);
  await page.getByRole('button', { name: /^Sign out/ }).click();
  await page.getByText('You are signed out.').waitFor();
  const reused = await api.call('GET', '/api/developer/applications', { headers: { cookie: `${sessionCookie?.name}=${sessionCookie?.value}` } });
  expect(reused.status).toBe(401);

  expect(problems).toEqual([]);
}, 120_000);

const mockUser = (index: number) => ({
  id: `connection-${index}`,
  globalId: `AB${String(1000 + index)}`,
  name: `User ${index}`,
  email: `user${index}@example.com`,
  active: true,
  sessions: 1,
  lastSession: '2026-12-01T10:00:00.000Z',
  joined: '2026-12-01T10:00:00.000Z',
  statuses: [],
  redeemed: [],
});

it('pages through users, and shows a pending hostname’s TXT record with copy and Verify buttons, and API errors as sentences (mocked reads)', async () => {
  const appId = 'app_pendingdemo0000000000';
  const record = { type: 'TXT', name: '_signet-challenge.shop.acme.com', value: 'signet-verify=3k9x2m' };
  const application = {
    appId,
    name: 'Pending shop',
    hostnames: ['shop.acme.test', 'shop.acme.com'],
    createdAt: '2026-12-01T10:00:00.000Z',
    clientSecrets: [{ secretId: 'sec_demo', createdAt: '2026-12-01T10:00:00.000Z', lastUsedAt: null }],
    hostnameStatus: [
      { hostname: 'shop.acme.test', status: 'verified', record: null },
      { hostname: 'shop.acme.com', status: 'pending', record },
    ],
  };
  page = await context.newPage();
  problems = watchPageProblems(page);
  await page.addInitScript("localStorage.setItem('signet.signedIn', '1')"); // the portal probes only a browser that signed in
  const json = (body: unknown) => ({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, ...(body as object) }) });
  // Every call is mocked (this page is signed out): reads answer the demo application; verify and delete answer errors.
  const failure = (status: number, error: string, message: string) => ({ status, contentType: 'application/json', body: JSON.stringify({ ok: false, error, message }) });
  await page.route(/\/hostnames\/[^/]+\/verify$/, (route) =>
    route.fulfill(failure(409, 'conflict', 'The TXT record _signet-challenge.shop.acme.com does not carry this application\'s challenge yet')),
  );
  await page.route(/\/api\/developer\/applications(\/[^/]+(\/(users|licenses\/variants|licenses\/codes|webhooks))?)?(\?.*)?$/, (route) => {
    if (route.request().method() === 'DELETE') return route.fulfill(failure(503, 'unavailable', 'The service is temporarily unavailable; retry shortly'));
    if (route.request().method() !== 'GET') return route.fallback();
    const path = new URL(route.request().url()).pathname;
    if (path.endsWith('/users')) {
      // 12 users, 10 a page: the table pages with the opaque cursor.
      const second = new URL(route.request().url()).searchParams.get('cursor') === 'page-2';
      const users = Array.from({ length: second ? 2 : 10 }, (_, index) => mockUser(second ? 10 + index : index));
      return route.fulfill(json({ users, total: 12, nextCursor: second ? null : 'page-2' }));
    }
    if (path.endsWith('/variants')) return route.fulfill(json({ variants: [] }));
    if (path.endsWith('/codes')) return route.fulfill(json({ codes: [], nextCursor: null }));
    if (path.endsWith('/webhooks')) return route.fulfill(json({ webhooks: [] }));
    if (path.endsWith(appId)) return route.fulfill(json({ application }));
    return route.fulfill(json({ applications: [application] }));
  });
  await page.goto(`${api.url}/#/apps/${appId}`);
  const users = section('Connected users');
  await users.getByText('12 connected users · page 1').waitFor();
  await users.getByRole('button', { name: 'Next page' }).click();
  await users.getByText('12 connected users · page 2').waitFor();
  await users.getByRole('cell', { name: /User 11/ }).waitFor();
  expect(await users.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
  await users.getByRole('button', { name: 'Previous page' }).click();
  await users.getByText('12 connected users · page 1').waitFor();

  const hostnames = section('Hostnames');
  await hostnames.getByText('pending').waitFor();
  await hostnames.getByText(record.name).waitFor();
  await hostnames.getByText(record.value).waitFor();
  await hostnames.getByRole('button', { name: 'Copy record value for shop.acme.com' }).waitFor();
  await expectAccessible('pending hostname');
  await hostnames.getByRole('button', { name: 'Verify shop.acme.com' }).click();
  const error = hostnames.getByRole('alert');
  await error.waitFor();
  expect(await error.textContent()).not.toMatch(/[{}]/);

  await page.getByRole('button', { name: 'Delete application' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete application' }).click();
  const deleteError = page.getByRole('region', { name: 'Delete this application' }).getByRole('alert');
  await deleteError.waitFor();
  expect(await deleteError.textContent()).not.toMatch(/[{}]/);
  await page.unrouteAll();
  expect(problems).toEqual([]);
}, 60_000);

/**
 * Swagger UI's "Try it out" on this random port (issue 25): the served document names the
 * origin that served it, and the page's CSP (connect-src 'self') lets the call through.
 * Here, beside the journey, to share its server and its Chromium.
 */
describe('API reference: Try it out', () => {
  it('the served document names the serving origin', async () => {
    for (const path of ['/openapi.json', '/docs/openapi.json']) {
      const served = await api.call('GET', path);
      expect(served.json.servers).toEqual([{ url: api.url.replace(/\/$/, ''), description: expect.any(String) }]);
    }
  });

  it('GET /health answers 200 from Chromium, with no CSP refusal', async () => {
    const docs = await context.newPage();
    const refused = watchPageProblems(docs);
    await docs.goto(`${api.url.replace(/\/$/, '')}/docs/`);
    const operation = docs.locator('.opblock').filter({ has: docs.locator('.opblock-summary-path', { hasText: /^\/health$/ }) }).first();
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: 20_000 });
    expect((await status.textContent())?.trim()).toMatch(/^200/);
    expect(refused).toEqual([]);
    await docs.close();
  }, 60_000);
});
