import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { createApplication, type CreatedTestApplication } from './support/applications.js';
import { startLocalApi, type LocalApi } from './support/http.js';

/** Issue 21: license-code guessing, through the local server. */
let api: LocalApi;
let admin: AdminSession;
let app: CreatedTestApplication;
let variantId: string;
const codesPath = () => `/api/developer/applications/${app.appId}/licenses/codes`;

beforeAll(async () => {
  api = await startLocalApi();
  admin = await createAdminSession();
  app = await createApplication(admin.headers);
  const variant = await api.call('POST', `/api/developer/applications/${app.appId}/licenses/variants`, { headers: admin.headers, body: { name: 'Gift', defaultDuration: 'MONTH' } });
  variantId = variant.json.variant.variantId;
});
afterAll(() => api.close());

async function member(): Promise<Record<string, string>> {
  const user = await registerUser();
  const session = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
  return { ...session.headers, 'x-spaaza-myprice-app-hostname': app.hostname };
}

describe('guessing codes', () => {
  it('3 accounts guessing from one address meet a 429 within 25 guesses; another address is unaffected', async () => {
    const members = [await member(), await member(), await member()];
    const statuses: number[] = [];
    for (let guess = 0; guess < 25; guess += 1) {
      const headers = members[guess % 3] ?? {};
      const response = await api.call('POST', '/api/user/licenses/redeem', { headers, body: { code: `GUESS-${1000 + guess}-ABCD` }, from: '127.0.0.8' });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 404 || status === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const elsewhere = await api.call('POST', '/api/user/licenses/redeem', { headers: members[0] ?? {}, body: { code: 'GUESS-9999-ABCD' }, from: '127.0.0.10' });
    expect(elsewhere.status).not.toBe(429);
  });
});

describe('imported codes', () => {
  it('are stored normalized (ASCII letters, digits, dashes) and refused per line otherwise', async () => {
    const csv = ['gift-ascii-0001-abcd', 'GIFT CODE 0002 ABCD', 'g\u0131ft-0003-abcd', 'GIFT\u200b-0004-ABCD', 'GIFT-\uff10\uff10\uff10\uff15-ABCD'].join('\n');
    const response = await api.call('POST', `${codesPath()}/import`, { headers: { ...admin.headers, 'content-type': 'text/csv' }, query: { variantId }, body: csv });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      imported: 1,
      errors: [2, 3, 4, 5].map((line) => ({ line, message: expect.stringMatching(/ASCII.*60 bits/) })),
    });
    const listed = await api.call('GET', codesPath(), { headers: admin.headers, query: { variantId } });
    expect(listed.json.codes.map((entry: { code: string }) => entry.code)).toEqual(['GIFT-ASCII-0001-ABCD']);
  });
});
