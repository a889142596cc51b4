import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualClock, useClock } from '../lib/clock.js';
import { coldContainer } from './support/settings.js';
import { db } from '../lib/db/client.js';
import { errorCatalog } from '../lib/http/error-catalog.js';
import { artifactPaths, projectRoot } from '../tools/openapi/artifacts.js';
import { changeStatus } from '../scripts/examples/status-sync-client.js';
import { ContractChecker } from './support/contract.js';
import { injectFaults } from './support/dynamo-faults.js';
import { startFakeDns, type FakeDns } from './support/fake-dns.js';
import { startFakeGraph, type FakeGraph } from './support/fake-graph.js';
import { defaultPassword as password } from './support/accounts.js';
import { basicAuth as basic } from './support/api.js';
import { startLocalApi, type HttpCall, type HttpResult, type LocalApi } from './support/http.js';
import { startLocalSes, type LocalSes } from '../tools/local/local-ses.js';

/**
 * The contract test: the documented flows over real HTTP against the local server,
 * every answer checked against docs/openapi.json (status documented for the
 * operation, body valid for that status's schema, ajv 2020-12). At the end every
 * operation must have been seen succeeding and every documented error name seen.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies freely
type Body = any;

let api: LocalApi;
let graph: FakeGraph;
let dns: FakeDns;
let ses: LocalSes;
const contract = new ContractChecker();

beforeAll(async () => {
  [graph, dns, ses] = await Promise.all([startFakeGraph(), startFakeDns(), startLocalSes()]);
  process.env.FACEBOOK_GRAPH_URL = graph.url;
  process.env.SES_ENDPOINT = ses.endpoint;
  process.env.DNS_SERVERS = dns.server;
  coldContainer();
  api = await startLocalApi();
});
afterAll(async () => {
  await api.close();
  await graph.close();
  await dns.close();
  await ses.stop();
});

async function call(method: string, path: string, options: HttpCall = {}): Promise<HttpResult & { json: Body }> {
  const result = await api.call(method, path, options);
  contract.check(method, path, result);
  return result as HttpResult & { json: Body };
}

const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

const state = {
  adminUsername: '',
  admin: {} as Record<string, string>,
  adminCookie: '',
  appId: '',
  secret: '',
  hostname: '',
  member: { globalId: '', userId: 0, sessionKey: '', username: '' },
  otherApp: { appId: '', secret: '' },
};

describe('the documented flows, checked against docs/openapi.json', () => {
  it('add-user (JSON and form) and its errors', async () => {
    const username = `${unique('dev')}@example.com`;
    const created = await call('POST', '/auth/add-user', { body: { username, password, first_name: 'Dev', gender: 'nonbinary', birthday: '1990-01-02' } });
    expect(created.status).toBe(200);
    const member = `${unique('member')}@example.com`;
    expect((await call('POST', '/auth/add-user', { form: true, body: { username: member, password, first_name: 'Sam', last_name: 'Member' } })).status).toBe(200);
    state.member.username = member;
    state.adminUsername = username;

    expect((await call('POST', '/auth/add-user', { body: { username, password } })).json.error.name).toBe('username_taken');
    expect((await call('POST', '/auth/add-user', { body: {} })).json.error.name).toBe('missing_parameter');
    expect((await call('POST', '/auth/add-user', { body: { username: 'not-an-email', password } })).json.error.name).toBe('invalid_parameter');
    const badVersion = await call('POST', '/auth/add-user', { headers: { 'X-Spaaza-API-Version': 'banana' }, body: { username, password } });
    expect(badVersion.json.error.name).toBe('invalid_api_version');
    const textBody = await call('POST', '/auth/add-user', { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(textBody.status).toBe(415);
    const malformed = await call('POST', '/auth/add-user', { headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(malformed.json.error.name).toBe('malformed_body');
    const huge = await call('POST', '/auth/add-user', { body: { username, password, first_name: 'x'.repeat(40_000) } });
    expect(huge.status).toBe(413);
  });

  it('login (admin: headers and cookie), get-login-status, and their errors', async () => {
    const login = await call('POST', '/auth/login', { headers: { 'X-Signet-Portal': '1' }, body: { username: state.adminUsername, password } });
    expect(login.status).toBe(200);
    const session = login.json.results.session_info;
    state.admin = { 'X-Spaaza-Session-User-Id': String(session.session_user_id), 'X-Spaaza-Session-Key': session.session_key };
    state.adminCookie = (login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(state.adminCookie).toMatch(/^signet_session=/);

    const byBody = await call('POST', '/auth/get-login-status', { body: { user_id: session.session_user_id, session_key: session.session_key } });
    expect(byBody.json.results.result_type).toBe('get-login-status');
    const byQuery = await call('POST', '/auth/get-login-status', {
      query: { username: state.adminUsername, session_key: session.session_key },
      headers: { 'X-Spaaza-API-Version': '1.4.10' },
    });
    expect(byQuery.json.results.gender).toBe('nonbinary');
    expect((await call('POST', '/auth/get-login-status', { body: { user_id: session.session_user_id, session_key: 'f'.repeat(64) } })).json.error.name).toBe('no_valid_session');
    expect((await call('POST', '/auth/get-login-status', { body: { session_key: session.session_key } })).status).toBe(400);

    expect((await call('POST', '/auth/login', { body: {} })).json.error.name).toBe('missing_parameter');
    const unknownApp = await call('POST', '/auth/login', { headers: { 'X-Spaaza-MyPrice-App-Hostname': 'nobody.example.com' }, body: { username: state.adminUsername, password } });
    expect(unknownApp.json.error.name).toBe('no_myprice_app');
  });

  it('developer access: with DEVELOPER_SIGNUP=closed an account without the role gets no admin session; an invitation grants it', async () => {
    const username = `${unique('invitee')}@example.com`;
    expect((await call('POST', '/auth/add-user', { body: { username, password } })).status).toBe(200);
    const signup = process.env.DEVELOPER_SIGNUP;
    process.env.DEVELOPER_SIGNUP = 'closed';
    coldContainer();
    try {
      const refused = await call('POST', '/auth/login', { body: { username, password } });
      expect(refused.json.error.name).toBe('developer_access_required');
      const invited = await call('POST', '/api/developer/invitations', { headers: state.admin, body: { username } });
      expect(invited.status).toBe(201);
      expect((await call('POST', '/api/developer/invitations', { headers: state.admin, body: { username: `${unique('nobody')}@example.com` } })).json.error).toBe('not_found');
      expect((await call('POST', '/auth/login', { body: { username, password } })).status).toBe(200);
    } finally {
      process.env.DEVELOPER_SIGNUP = signup;
      coldContainer();
    }
  });

  it('failed logins are throttled per username and source address', async () => {
    const username = `${unique('victim')}@example.com`;
    await call('POST', '/auth/add-user', { body: { username, password } });
    let last: HttpResult & { json: Body } = await call('POST', '/auth/login', { from: '127.0.0.5', body: { username, password: 'wrong password' } });
    expect(last.json.error.name).toBe('login_failed');
    for (let attempt = 0; attempt < 6 && last.status !== 429; attempt++) {
      last = await call('POST', '/auth/login', { from: '127.0.0.5', body: { username, password: 'wrong password' } });
    }
    expect(last.json.error.name).toBe('login_throttled');
  });

  it('Facebook login, its get-login-status fields and an invalid token', async () => {
    graph.addToken('EAADcontracttoken', { id: '100005264048981', email: `${unique('fb')}@example.com`, first_name: 'Fay', last_name: 'Book' });
    const login = await call('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: 'EAADcontracttoken', fb_access_token_expires: 3600 } });
    expect(login.status).toBe(200);
    const session = login.json.results.session_info;
    const status = await call('POST', '/auth/get-login-status', { body: { user_id: session.session_user_id, session_key: session.session_key } });
    expect(status.json.results.user_facebook_id).toBe('100005264048981');
    const invalid = await call('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: 'not-a-token' } });
    expect(invalid.json.error.name).toBe('invalid_facebook_token');
  });

  it('create an application, read it, rotate secrets; developer errors', async () => {
    state.hostname = `${unique('shop')}.example.com`;
    const created = await call('POST', '/api/developer/applications', { headers: state.admin, body: { name: 'Contract shop', hostnames: [state.hostname] } });
    expect(created.status).toBe(201);
    state.appId = created.json.application.appId;
    state.secret = created.json.clientSecret;
    const other = await call('POST', '/api/developer/applications', { headers: state.admin, body: { name: 'Other', hostnames: [`${unique('other')}.example.com`] } });
    state.otherApp = { appId: other.json.application.appId, secret: other.json.clientSecret };

    expect((await call('GET', '/api/developer/applications', { headers: { cookie: state.adminCookie } })).json.applications).toHaveLength(2);
    const cookieWrite = await call('POST', `/api/developer/applications/${state.appId}/client-secrets`, { headers: { cookie: state.adminCookie } });
    expect(cookieWrite.json.error).toBe('forbidden'); // no X-Signet-Portal header
    expect((await call('DELETE', '/auth/logout', { headers: { cookie: state.adminCookie } })).json.error.name).toBe('forbidden');
    expect((await call('GET', `/api/developer/applications/${state.appId}`, { headers: state.admin })).status).toBe(200);
    const secret = await call('POST', `/api/developer/applications/${state.appId}/client-secrets`, { headers: state.admin });
    expect(secret.status).toBe(201);
    expect((await call('DELETE', `/api/developer/applications/${state.appId}/client-secrets/${secret.json.secretId}`, { headers: state.admin })).status).toBe(200);
    const otherSecrets = (await call('GET', `/api/developer/applications/${state.otherApp.appId}`, { headers: state.admin })).json.application.clientSecrets;
    const last = await call('DELETE', `/api/developer/applications/${state.otherApp.appId}/client-secrets/${otherSecrets[0].secretId}`, { headers: state.admin });
    expect(last.json.error).toBe('conflict');

    expect((await call('GET', '/api/developer/applications')).json.error).toBe('unauthorized');
    expect((await call('POST', '/api/developer/applications', { headers: state.admin, body: { name: '', hostnames: [] } })).json.error).toBe('invalid_request');
    const taken = await call('POST', '/api/developer/applications', { headers: state.admin, body: { name: 'Copy', hostnames: [state.hostname] } });
    expect(taken.json.error).toBe('conflict');
    expect((await call('GET', '/api/developer/applications/app_00000000000000000000', { headers: state.admin })).json.error).toBe('not_found');
  });

  it('hostname verification (TXT challenge), deleting an application; a reused Idempotency-Key', async () => {
    const hostname = `${unique('login')}.contract-corp.com`;
    const created = await call('POST', '/api/developer/applications', { headers: state.admin, body: { name: 'Outside', hostnames: [hostname] } });
    const app = created.json.application;
    expect(app.hostnameStatus[0].status).toBe('pending');
    const verify = `/api/developer/applications/${app.appId}/hostnames/${hostname}/verify`;
    expect((await call('POST', verify, { headers: state.admin })).status).toBe(409);
    dns.publishTxt(app.hostnameStatus[0].record.name, app.hostnameStatus[0].record.value);
    expect((await call('POST', verify, { headers: state.admin })).json.application.hostnameStatus[0].status).toBe('verified');
    expect((await call('POST', `/api/developer/applications/${app.appId}/hostnames/other.${hostname}/verify`, { headers: state.admin })).status).toBe(404);

    const key = { ...state.admin, 'Idempotency-Key': unique('key') };
    expect((await call('DELETE', `/api/developer/applications/${app.appId}`, { headers: key })).status).toBe(200);
    expect((await call('DELETE', `/api/developer/applications/${app.appId}`, { headers: key })).status).toBe(200); // replayed
    const reused = await call('DELETE', `/api/developer/applications/${state.otherApp.appId}`, { headers: key });
    expect(reused.json.error).toBe('idempotency_key_reused');
    expect((await call('DELETE', `/api/developer/applications/${app.appId}`, { headers: state.admin })).json.error).toBe('not_found');
  });

  it('variants: list, create, update, delete', async () => {
    const base = `/api/developer/applications/${state.appId}/licenses/variants`;
    const created = await call('POST', base, { headers: state.admin, body: { name: 'Gold', description: 'Shiny', defaultDuration: 'year' } });
    expect(created.status).toBe(201);
    const variantId = created.json.variant.variantId;
    expect((await call('POST', base, { headers: state.admin, body: { name: 'gold' } })).json.error).toBe('conflict');
    expect((await call('GET', base, { headers: state.admin })).json.variants).toHaveLength(1);
    expect((await call('PATCH', `${base}/${variantId}`, { headers: state.admin, body: { description: null } })).json.variant.description).toBeNull();
    expect((await call('PATCH', `${base}/${variantId}`, { headers: state.admin, body: {} })).status).toBe(400);
    expect((await call('DELETE', `${base}/${variantId}`, { headers: state.admin })).status).toBe(200);
  });

  it('member login, grant, read status, current logins, revoke (seed 000)', async () => {
    const hostnameHeader = { 'X-Spaaza-MyPrice-App-Hostname': state.hostname };
    const login = await call('POST', '/auth/login', { headers: hostnameHeader, form: true, body: { username: state.member.username, password } });
    const session = login.json.results.session_info;
    state.member = { ...state.member, globalId: login.json.results.user_info.global_id, userId: session.session_user_id, sessionKey: session.session_key };
    const status = await call('POST', '/auth/get-login-status', { headers: hostnameHeader, body: { user_id: state.member.userId, session_key: state.member.sessionKey } });
    expect(status.status).toBe(200);
    const noHeader = await call('POST', '/auth/get-login-status', { body: { user_id: state.member.userId, session_key: state.member.sessionKey } });
    expect(noHeader.json.error.name).toBe('no_myprice_app');

    const auth = basic(state.appId, state.secret);
    const path = `/api/applications/${state.appId}/users/${state.member.globalId}/status`;
    const granted = await call('PATCH', path, { headers: auth, body: { status: 'PRO', variantName: 'Pro', duration: 'MONTH' } });
    expect(granted.json.action).toBe('granted');
    const seedGrant = await call('PATCH', path, { headers: auth, body: { status: 'PREMIUM', variantName: 'Premium', duration: 'YEAR' } });
    expect(seedGrant.json.supersededLicenseIds).toHaveLength(1);
    expect((await call('GET', path, { headers: auth })).json.status).toBe('PREMIUM');
    const page = await call('GET', `/api/applications/${state.appId}/users`, { headers: auth, query: { limit: '10' } });
    expect(page.json.users[0].globalId).toBe(state.member.globalId);
    expect((await call('GET', `/api/developer/applications/${state.appId}/users`, { headers: state.admin })).json.total).toBe(1);
    for (const route of ['status-sync-api', 'current-logins-sync-api']) {
      expect((await call('POST', `/api/developer/applications/${state.appId}/${route}/test`, { headers: state.admin })).json.ready).toBe(true);
    }
    expect((await call('PATCH', path, { headers: auth, body: { revoke: true } })).json.action).toBe('revoked');
    expect((await call('PATCH', path, { headers: auth, body: { status: 'FREE' } })).json.action).toBe('unchanged');
  });

  it('GET get-login-status with the older hostname header; the username session header', async () => {
    const byGet = await call('GET', '/auth/get-login-status', {
      headers: { 'X-MyPrice-App-Hostname': state.hostname },
      query: { user_id: String(state.member.userId), session_key: state.member.sessionKey },
    });
    expect(byGet.json.results.result_type).toBe('get-login-status');
    expect((await call('GET', '/auth/get-login-status', { query: { user_id: String(state.member.userId) } })).status).toBe(400);
    const byUsername = { 'X-Spaaza-Session-Username': state.adminUsername, 'X-Spaaza-Session-Key': state.admin['X-Spaaza-Session-Key'] ?? '' };
    expect((await call('GET', '/api/developer/applications', { headers: byUsername })).status).toBe(200);
  });

  it('license codes: generate, import (text/csv), list, redeem; their errors', async () => {
    const variants = `/api/developer/applications/${state.appId}/licenses/variants`;
    const variantId = (await call('POST', variants, { headers: state.admin, body: { name: 'Gift', defaultDuration: 'MONTH' } })).json.variant.variantId;
    const codes = `/api/developer/applications/${state.appId}/licenses/codes`;
    const generated = await call('POST', codes, { headers: state.admin, body: { variantId, count: 2, expiresAt: '2099-01-01T00:00:00Z' } });
    expect(generated.status).toBe(201);
    expect((await call('POST', codes, { headers: state.admin, body: { variantId, count: 0 } })).json.error).toBe('invalid_request');
    expect((await call('POST', codes, { headers: state.admin, body: { variantId: 'var_nope', count: 1 } })).json.error).toBe('not_found');

    const csv = { 'content-type': 'text/csv' };
    const imported = await call('POST', `${codes}/import`, { headers: { ...state.admin, ...csv }, query: { variantId }, body: 'code,expiresAt\nGIFTCODE0001\nGIFTCODE0001\nbad\n' });
    expect(imported.json).toMatchObject({ imported: 1, errors: [{ line: 3 }, { line: 4 }] });
    expect((await call('POST', `${codes}/import`, { headers: state.admin, query: { variantId }, body: { code: 'x' } })).status).toBe(415);

    const page = await call('GET', codes, { headers: state.admin, query: { state: 'unused', variantId, limit: '2' } });
    expect(page.json.codes).toHaveLength(2);
    expect(page.json.nextCursor).toEqual(expect.any(String));
    expect((await call('GET', codes, { headers: state.admin, query: { state: 'LOST' } })).status).toBe(400);

    const redeem = '/api/user/licenses/redeem';
    const member = { 'X-Spaaza-Session-User-Id': String(state.member.userId), 'X-Spaaza-Session-Key': state.member.sessionKey, 'X-Spaaza-MyPrice-App-Hostname': state.hostname };
    const code = generated.json.codes[0].code.toLowerCase();
    const redeemed = await call('POST', redeem, { headers: member, body: { code } });
    expect(redeemed.json.license.state).toBe('ACTIVE');
    expect((await call('POST', redeem, { headers: member, body: { code } })).json.error).toBe('conflict');
    expect((await call('POST', redeem, { headers: member, body: { code: 'NOPE-NOPE-NOPE-NOPE' } })).json.error).toBe('not_found');
    expect((await call('POST', redeem, { headers: member, body: {} })).status).toBe(400);
    expect((await call('POST', redeem, { headers: state.admin, body: { code } })).json.error).toBe('unauthorized');
    // Both session headers: redeem holds the username to the session's; the developer API ignores it.
    const otherName = { 'X-Spaaza-Session-Username': `${unique('other')}@example.com` };
    expect((await call('POST', redeem, { headers: { ...member, ...otherName }, body: { code: 'NOPE-NOPE-NOPE-NOPE' } })).json.error).toBe('unauthorized');
    expect((await call('POST', redeem, { headers: { ...member, 'X-Spaaza-Session-Username': state.member.username }, body: { code: 'NOPE-NOPE-NOPE-NOPE' } })).json.error).toBe('not_found');
    expect((await call('GET', '/api/developer/applications', { headers: { ...state.admin, ...otherName } })).status).toBe(200);
    const statusPath = `/api/applications/${state.appId}/users/${state.member.globalId}/status`;
    expect((await call('GET', statusPath, { headers: basic(state.appId, state.secret) })).json.redeemed).toHaveLength(1);
  });

  it('the README typed-client example (types generated by openapi-typescript) works against the API', async () => {
    const result = await changeStatus(api.url, { appId: state.appId, secret: state.secret }, state.member.globalId, { status: 'PRO', duration: 'MONTH' });
    if (result.action !== 'granted') throw new Error(`expected a grant, got ${result.action}`);
    expect(result.license.state).toBe('ACTIVE'); // `license` exists only once `action` narrowed the union
    await expect(changeStatus(api.url, { appId: state.appId, secret: 'wrong' }, state.member.globalId, { revoke: true })).rejects.toThrow(/401 invalid_client/);
  });

  it('app backend errors: missing or wrong credentials, another app, bad input, unknown user, throttling', async () => {
    const path = `/api/applications/${state.appId}/users/${state.member.globalId}/status`;
    const auth = basic(state.appId, state.secret);
    expect((await call('PATCH', path, { body: { status: 'PRO' } })).json.error).toBe('unauthorized');
    expect((await call('PATCH', path, { headers: basic(state.appId, 'wrong'), body: { status: 'PRO' } })).json.error).toBe('invalid_client');
    expect((await call('PATCH', path, { headers: basic(state.otherApp.appId, state.otherApp.secret), body: { status: 'PRO' } })).json.error).toBe('forbidden');
    expect((await call('PATCH', path, { headers: auth, body: {} })).status).toBe(400);
    expect((await call('PATCH', path, { headers: auth, body: { status: 'PRO', duration: 'FORTNIGHT' } })).json.error).toBe('invalid_request');
    expect((await call('GET', `/api/applications/${state.appId}/users/ZZ9999/status`, { headers: auth })).json.error).toBe('not_found');
    expect((await call('GET', `/api/applications/${state.appId}/users`, { headers: auth, query: { limit: '0' } })).status).toBe(400);
    expect((await call('GET', `/api/developer/applications/${state.appId}/users`, { headers: state.admin, query: { limit: 'x' } })).status).toBe(400);
    let last = await call('GET', path, { from: '127.0.0.7', headers: basic(state.appId, 'wrong') });
    for (let attempt = 0; attempt < 25 && last.status !== 429; attempt++) last = await call('GET', path, { from: '127.0.0.7', headers: basic(state.appId, 'wrong') });
    expect(last.json.error).toBe('rate_limited');
  });

  it('oversized headers: 431 headers_too_large, answered by the server before any route', async () => {
    const big = { 'x-padding': 'a'.repeat(20 * 1024) };
    expect((await call('POST', '/auth/login', { headers: big, body: { username: 'a@example.com', password } })).json.error.name).toBe('headers_too_large');
    expect((await call('GET', '/api/developer/applications', { headers: big })).status).toBe(431);
  });

  it('a malformed Idempotency-Key: 400 before anything runs', async () => {
    const tooLong = { ...state.admin, 'Idempotency-Key': 'k'.repeat(256) };
    const answer = await call('POST', '/api/developer/applications', { headers: tooLong, body: { name: 'Never', hostnames: [`${unique('never')}.example.com`] } });
    expect(answer.json).toMatchObject({ error: 'invalid_request', issues: [{ path: 'Idempotency-Key' }] });
    const onAuth = await call('POST', '/auth/add-user', { headers: { 'Idempotency-Key': 'k'.repeat(256) }, body: { username: `${unique('never')}@example.com`, password } });
    expect(onAuth.json.error.name).toBe('invalid_parameter');
  });

  it('webhooks: endpoints, rotation, test, deliveries, recover, replay, the event feed', async () => {
    const hooks = `/api/developer/applications/${state.appId}/webhooks`;
    const created = await call('POST', hooks, { headers: state.admin, body: { url: 'https://93.184.215.14/signet', eventTypes: ['*'] } });
    expect(created.status).toBe(201);
    const hook = `${hooks}/${created.json.webhook.endpointId}`;
    expect((await call('POST', hooks, { headers: state.admin, body: { url: 'https://169.254.169.254/' } })).status).toBe(400);
    expect((await call('GET', hooks, { headers: state.admin })).status).toBe(200);
    expect((await call('GET', hook, { headers: state.admin })).status).toBe(200);
    expect((await call('PATCH', hook, { headers: state.admin, body: { enabled: false } })).json.webhook.enabled).toBe(false);
    expect((await call('POST', `${hook}/rotate-secret`, { headers: state.admin })).status).toBe(200);
    expect((await call('POST', `${hook}/test`, { headers: state.admin })).status).toBe(202);
    expect((await call('GET', `${hook}/deliveries`, { headers: state.admin })).status).toBe(200);
    expect((await call('POST', `${hook}/recover`, { headers: state.admin, body: { since: '2026-12-01T00:00:00Z' } })).status).toBe(202);
    // The feed trails real time by 15 s: read it from a clock a minute ahead.
    const restore = useClock(manualClock(new Date(Date.now() + 60_000)));
    let feed: Body;
    try {
      feed = (await call('GET', `/api/applications/${state.appId}/events`, { headers: basic(state.appId, state.secret), query: { limit: '5' } })).json;
    } finally {
      restore();
    }
    expect(feed.events.length).toBeGreaterThan(0);
    expect((await call('POST', `/api/developer/applications/${state.appId}/events/${feed.events[0].id}/replay`, { headers: state.admin })).status).toBe(202);
    expect((await call('GET', `/api/applications/${state.appId}/events`, { headers: basic(state.appId, state.secret), query: { after: 'x' } })).status).toBe(400);
    expect((await call('DELETE', hook, { headers: state.admin })).status).toBe(200);
  });

  it('deactivate the connection, log out', async () => {
    const users = await call('GET', `/api/developer/applications/${state.appId}/users`, { headers: state.admin });
    const connectionId = users.json.users[0].id;
    expect((await call('DELETE', `/api/developer/applications/${state.appId}/users/${connectionId}`, { headers: state.admin })).json.user.active).toBe(false);
    expect((await call('DELETE', `/api/developer/applications/${state.appId}/users/${connectionId}x`, { headers: state.admin })).json.error).toBe('not_found');
    expect((await call('DELETE', '/auth/logout', { headers: state.admin })).json.results.result_type).toBe('logout');
    expect((await call('DELETE', '/auth/logout')).json.error.name).toBe('no_valid_session');
  });

  it('health, unknown routes and wrong methods', async () => {
    expect((await call('GET', '/health')).json).toEqual({ ok: true });
    expect((await call('PUT', '/health')).status).toBe(405);
    expect((await call('GET', '/nowhere')).json.error).toBe('not_found');
    expect((await call('GET', '/auth/nowhere')).json.error.name).toBe('api_call_not_found');
    expect((await call('GET', '/auth/login')).json.error.name).toBe('http_request_method_not_allowed');
  });

  it('DynamoDB unavailable: 503 in both error styles', async () => {
    const faults = injectFaults(db, () => 'serviceUnavailable');
    try {
      const auth = await call('POST', '/auth/get-login-status', { body: { user_id: 1, session_key: 'f'.repeat(64) } });
      expect(auth.status).toBe(503);
      const apiAnswer = await call('GET', `/api/applications/${state.appId}/users`, { headers: basic(state.appId, state.secret) });
      expect(apiAnswer.status).toBe(503);
    } finally {
      faults.remove();
    }
  });

  it('account lifecycle: reset by mail, change password, alter-user, delete-user, their Spaaza paths; PATCH application', async () => {
    const newUser = async () => {
      const username = `${unique('life')}@example.com`;
      await call('POST', '/auth/add-user', { body: { username, password } });
      const login = await call('POST', '/auth/login', { body: { username, password } });
      const info = login.json.results.session_info;
      return { username, headers: { 'X-Spaaza-Session-User-Id': String(info.session_user_id), 'X-Spaaza-Session-Key': info.session_key } };
    };
    const user = await newUser();
    for (const path of ['/auth/request-password-reset', '/internal/request-password-reset']) {
      expect((await call('POST', path, { form: true, body: { username: user.username } })).status).toBe(200);
    }
    const mails = await ses.mails(user.username);
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mails.at(-1)?.body.text ?? '')?.[1] ?? '';
    expect((await call('POST', '/auth/reset-password', { body: { token, password: 'reset password 1' } })).status).toBe(200);
    expect((await call('POST', '/auth/reset-password', { body: { token, password: 'reset password 1' } })).json.error.name).toBe('invalid_reset_token');

    const again = await call('POST', '/auth/login', { body: { username: user.username, password: 'reset password 1' } });
    const info = again.json.results.session_info;
    const headers = { 'X-Spaaza-Session-User-Id': String(info.session_user_id), 'X-Spaaza-Session-Key': info.session_key };
    expect((await call('POST', '/auth/change-password', { headers, body: { current_password: 'wrong', new_password: password } })).json.error.name).toBe('wrong_password');
    expect((await call('POST', '/auth/change-password', { headers, body: { current_password: 'reset password 1', new_password: password } })).status).toBe(200);
    expect((await call('PUT', '/auth/alter-user', { headers, body: { first_name: 'Life' } })).status).toBe(200);
    expect((await call('PUT', '/internal/alter-user', { headers, form: true, body: { last_name: 'Cycle' } })).status).toBe(200);

    const developer = await newUser();
    const created = await call('POST', '/api/developer/applications', { headers: developer.headers, body: { name: 'Lifecycle', hostnames: [`${unique('life')}.example.com`] } });
    const appPath = `/api/developer/applications/${created.json.application.appId}`;
    const patched = await call('PATCH', appPath, { headers: developer.headers, body: { passwordResetUrl: 'https://app.example.com/reset?token={token}' } });
    expect(patched.status).toBe(200);
    expect((await call('DELETE', '/auth/delete-user', { headers: developer.headers, body: { password } })).json.error.name).toBe('owns_applications');

    expect((await call('DELETE', '/auth/delete-user', { headers, body: { password } })).status).toBe(200);
    const other = await newUser();
    expect((await call('DELETE', '/delete-user', { headers: other.headers, form: true, body: { password } })).status).toBe(200);
  });

  it('saw every documented operation succeed and every documented error name', () => {
    const succeeded = new Set(contract.observations.filter((seen) => seen.status < 400).map((seen) => seen.operation));
    expect(contract.documentedOperations().filter((operation) => !succeeded.has(operation))).toEqual([]);

    // Not answerable on purpose: a 500 needs a bug.
    const exempt = new Set([errorCatalog.internal.api, errorCatalog.internal.spaazaName]);
    const seen = new Set(contract.observations.map((observation) => observation.errorName));
    expect(contract.documentedErrorNames().filter((name) => !seen.has(name) && !exempt.has(name))).toEqual([]);
  });
});

describe('the contract checker', () => {
  const answer = (status: number, json: unknown): HttpResult => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    json,
    text: JSON.stringify(json),
  });

  it('fails an answer whose status the document does not list for the operation', () => {
    expect(() => contract.check('GET', '/health', answer(418, { ok: false, error: 'teapot', message: 'no' }))).toThrow(/Status 418 is not documented for GET \/health/);
  });

  it('fails a body that does not match the documented schema', () => {
    expect(() => contract.check('GET', '/health', answer(200, { ok: 'yes' }))).toThrow(/does not match the documented schema/);
    expect(() => contract.check('GET', '/health', answer(200, { ok: true, extra: 1 }))).toThrow(/does not match/);
    expect(() => contract.check('POST', '/auth/login', answer(401, { result: { code: 2, status: 'error' }, error: { code: 1003, name: 'invalid_parameter', description: 'x' } }))).toThrow(/does not match/);
  });

  it('fails a 503 without retryable and outcome (§7.3), in both styles', () => {
    const withRetry = (status: number, json: unknown) => ({ ...answer(status, json), headers: { 'content-type': 'application/json', 'retry-after': '1' } });
    const apiBody = { ok: false, error: 'unavailable', message: 'x', retryable: true, outcome: 'unknown' };
    expect(() => contract.check('GET', '/api/developer/applications', withRetry(503, apiBody))).not.toThrow();
    expect(() => contract.check('GET', '/api/developer/applications', withRetry(503, { ...apiBody, outcome: undefined }))).toThrow(/does not match/);
    const authBody = { result: { code: 2, status: 'error' }, error: { code: 1012, name: 'service_unavailable', description: 'x', retryable: true, outcome: 'not_applied' } };
    expect(() => contract.check('POST', '/auth/login', withRetry(503, authBody))).not.toThrow();
    expect(() => contract.check('POST', '/auth/login', withRetry(503, { ...authBody, error: { ...authBody.error, retryable: undefined } }))).toThrow(/does not match/);
  });

  it('fails an answer without a header the document requires (Retry-After on a 429)', () => {
    const throttled = answer(429, { ok: false, error: 'rate_limited', message: 'Too many requests; try again later' });
    expect(() => contract.check('GET', '/api/applications/app_x/users', throttled)).toThrow(/Documented header Retry-After is missing/);
  });

  it('holds the route table\'s answers to the document: 405 with Allow on another method, 404 on an unknown path', () => {
    const notAllowed = { ok: false, error: 'method_not_allowed', message: 'This endpoint does not accept that HTTP method' };
    expect(() => contract.check('PUT', '/health', answer(405, notAllowed))).toThrow(/Documented header Allow is missing/);
    expect(() => contract.check('PUT', '/health', { ...answer(405, notAllowed), headers: { 'content-type': 'application/json', allow: 'GET, POST' } })).toThrow(/Allow is GET, POST/);
    expect(() => contract.check('PUT', '/health', { ...answer(405, { ...notAllowed, error: 'not_found' }), headers: { 'content-type': 'application/json', allow: 'GET' } })).toThrow(/does not match/);
    expect(() => contract.check('GET', '/health', { ...answer(405, notAllowed), headers: { 'content-type': 'application/json', allow: 'GET' } })).toThrow(/Status 405 is not documented for GET \/health/);
    expect(() => contract.check('GET', '/auth/nowhere', answer(404, { result: { code: 2, status: 'error' }, error: { code: 1015, name: 'not_found', description: 'x' } }))).toThrow(/must answer api_call_not_found/);
  });

  it('knows the error names the document lists', () => {
    expect(contract.documentedErrorNames()).toEqual(expect.arrayContaining(['http_request_method_not_allowed', 'invalid_client', 'login_throttled', 'method_not_allowed', 'no_myprice_app', 'rate_limited', 'unavailable']));
  });
});

describe('the served documentation', () => {
  it('GET /openapi.json is the committed document, its server the origin that served it', async () => {
    const response = await api.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const committed = JSON.parse(readFileSync(join(projectRoot, artifactPaths.document), 'utf8')) as Record<string, unknown>;
    expect(response.json).toEqual({ ...committed, servers: [{ url: api.url.replace(/\/$/, ''), description: expect.any(String) }] });
  });

  it('GET /docs is the interactive reference, from local assets under a strict CSP', async () => {
    const redirect = await api.call('GET', '/docs');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/docs/');
    const page = await api.call('GET', '/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '')) {
      expect({ asset, status: (await api.call('GET', `/docs/${asset}`)).status }).toEqual({ asset, status: 200 });
    }
    expect((await api.call('GET', '/docs/reference.js')).text).toContain("url: 'openapi.json'");
    expect((await api.call('GET', '/docs/openapi.json')).status).toBe(200);
  });
});
