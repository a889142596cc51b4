import type { Browser } from 'playwright-core';
import { launchChromium, watchPageProblems } from './support/browser.js';
import { startLocalApi, type LocalApi } from './support/http.js';

/**
 * Swagger UI's "Try it out" on a random port (issue 25): the served document names the
 * origin that served it, and the page's CSP (connect-src 'self') lets the call through.
 */
describe('API reference: Try it out', () => {
  let api: LocalApi;
  let browser: Browser;
  beforeAll(async () => {
    [api, browser] = await Promise.all([startLocalApi(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([api?.close(), browser?.close()]);
  });

  it('the served document names the serving origin', async () => {
    for (const path of ['/openapi.json', '/docs/openapi.json']) {
      const served = await api.call('GET', path);
      expect(served.json.servers).toEqual([{ url: api.url.replace(/\/$/, ''), description: expect.any(String) }]);
    }
  });

  it('GET /health answers 200 from Chromium, with no CSP refusal', async () => {
    const page = await browser.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${api.url.replace(/\/$/, '')}/docs/`);
    const operation = page.locator('.opblock').filter({ has: page.locator('.opblock-summary-path', { hasText: /^\/health$/ }) }).first();
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: 20_000 });
    expect((await status.textContent())?.trim()).toMatch(/^200/);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
