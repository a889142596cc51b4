import { startLocalApi, type LocalApi } from './support/http.js';
import { defaultPassword as password } from './support/accounts.js';
import { basicAuth } from './support/api.js';

/** docs/security.md, Trust under abuse input hygiene through the local HTTP server. */
let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

const suffix = () => Math.random().toString(16).slice(2, 10);
const register = (fields: Record<string, unknown> = {}) =>
  api.call('POST', '/auth/add-user', { body: { username: `u-${suffix()}@example.com`, password, ...fields } });

async function appWithMember() {
  const owner = `dev-${suffix()}@example.com`;
  await api.call('POST', '/auth/add-user', { body: { username: owner, password } });
  const info = (await api.call('POST', '/auth/login', { body: { username: owner, password } })).json.results.session_info;
  const admin = { 'x-spaaza-session-user-id': String(info.session_user_id), 'x-spaaza-session-key': info.session_key };
  const hostname = `hygiene-${suffix()}.test`;
  const created = (await api.call('POST', '/api/developer/applications', { headers: admin, body: { name: 'Hygiene', hostnames: [hostname] } })).json;
  const member = await register();
  await api.call('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': hostname }, body: { username: member.json.results.user_info.username ?? '', password } });
  const appId: string = created.application.appId;
  const auth = basicAuth(appId, created.clientSecret);
  return { admin, appId, auth, globalId: member.json.results.user_info.global_id as string };
}

describe('finding 4: vocabulary lookups never reach inherited properties', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__PROTO__'])('refuses gender=%s with 400, as JSON and as a form', async (gender) => {
    const response = await register({ gender });
    const viaForm = await api.call('POST', '/auth/add-user', { body: { username: `u-${suffix()}@example.com`, password, gender }, form: true });
    expect([response.status, viaForm.status]).toEqual([400, 400]);
    expect(response.json.error).toMatchObject({ name: 'invalid_parameter' });
  });

  it('refuses inherited names as flags, durations and API versions', async () => {
    expect((await register({ mailing_list_subscribed: 'constructor' })).status).toBe(400);
    expect((await api.call('POST', '/auth/add-user', { headers: { 'x-spaaza-api-version': 'constructor' }, body: { username: `u-${suffix()}@example.com`, password } })).status).toBe(400);
    const { admin, appId } = await appWithMember();
    const variant = await api.call('POST', `/api/developer/applications/${appId}/licenses/variants`, { headers: admin, body: { name: 'PRO', defaultDuration: 'constructor' } });
    expect(variant.status).toBe(400);
  });
});

describe('finding 6: text is NFC and refuses controls, format characters and lone surrogates', () => {
  it('refuses "FREE\\u200b" as a status: neither a revoke nor a grant', async () => {
    const { auth, appId, globalId } = await appWithMember();
    const path = `/api/applications/${appId}/users/${globalId}/status`;
    for (const status of ['FREE\u200b', 'PRO\u202e', 'PRO\u0007', 'PRO\ud800', '\udc00PRO']) {
      const response = await api.call('PATCH', path, { headers: auth, body: { status } });
      expect([JSON.stringify(status), response.status]).toEqual([JSON.stringify(status), 400]);
      expect(response.json).toMatchObject({ ok: false, error: 'invalid_request' });
    }
    const read = await api.call('GET', path, { headers: auth });
    expect(read.json.statuses ?? read.json.status ?? []).not.toContainEqual(expect.objectContaining({ status: expect.stringContaining('\u200b') }));
  });

  it('checks the status of a revoke too: {"status":"FREE\\u200b","revoke":true} is 400', async () => {
    const { auth, appId, globalId } = await appWithMember();
    const path = `/api/applications/${appId}/users/${globalId}/status`;
    for (const revoke of [true, 'true']) {
      const response = await api.call('PATCH', path, { headers: auth, body: { status: 'FREE\u200b', revoke } });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ ok: false, error: 'invalid_request' });
    }
    expect((await api.call('PATCH', path, { headers: auth, body: { status: 'FREE', revoke: true } })).status).toBe(200);
  });

  it('refuses unclean names and descriptions and stores names NFC-normalized', async () => {
    expect((await register({ first_name: 'Sam\u200b' })).status).toBe(400);
    expect((await register({ last_name: 'Lone\ud83d' })).status).toBe(400);
    const decomposed = await register({ first_name: 'Zoe\u0301' });
    expect(decomposed.status).toBe(200);
    expect(decomposed.json.results.user_info.first_name).toBe('Zo\u00e9');
    const { admin, appId } = await appWithMember();
    const variants = `/api/developer/applications/${appId}/licenses/variants`;
    expect((await api.call('POST', variants, { headers: admin, body: { name: 'PRO\u200b' } })).status).toBe(400);
    expect((await api.call('POST', variants, { headers: admin, body: { name: 'PRO', description: 'bad\u0000' } })).status).toBe(400);
    expect((await api.call('POST', '/api/developer/applications', { headers: admin, body: { name: 'App\u2066', hostnames: [`x-${suffix()}.test`] } })).status).toBe(400);
  });
});

describe('issue 21: look-alike statuses and names are refused', () => {
  it('refuses Hangul fillers, default-ignorables, blank pattern characters and mixed scripts; an all-Cyrillic status is fine', async () => {
    const { admin, auth, appId, globalId } = await appWithMember();
    const path = `/api/applications/${appId}/users/${globalId}/status`;
    for (const status of ['FREE\u3164', 'FREE\u115f', 'FREE\u1160', 'FREE\uffa0', 'FREE\u034f', 'FREE\u2800', 'FRE\u0415']) {
      const response = await api.call('PATCH', path, { headers: auth, body: { status } });
      expect([JSON.stringify(status), response.status]).toEqual([JSON.stringify(status), 400]);
      expect(response.json).toMatchObject({ ok: false, error: 'invalid_request' });
    }
    expect((await api.call('PATCH', path, { headers: auth, body: { status: '\u041f\u0420\u041e' } })).status).toBe(200);
    const variants = `/api/developer/applications/${appId}/licenses/variants`;
    expect((await api.call('POST', variants, { headers: admin, body: { name: 'FRE\u0415' } })).status).toBe(400);
    expect((await api.call('POST', variants, { headers: admin, body: { name: 'PRO\u3164' } })).status).toBe(400);
    expect((await api.call('POST', variants, { headers: admin, body: { name: '\u041f\u0420\u041e 2' } })).status).toBe(201);
  });
});
