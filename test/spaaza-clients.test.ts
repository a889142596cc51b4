import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { toHttpRequest } from '../lib/http/request.js';
import { createAdminSession, loginUser, registerUser } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication, uniqueHostname } from './support/applications.js';
import { startLocalApi, type HttpResult, type LocalApi } from './support/http.js';

/**
 * docs/api.md, Sessions "Compatibility with Spaaza's own clients": each rule is proven by a request
 * Spaaza's official Postman collection or PHP client sends, captured as plain HTTP in
 * test/fixtures/spaaza-clients/ (each file cites its source) and replayed, unchanged but
 * for its {{placeholders}}, through the local HTTP server.
 */
interface ClientFixture {
  rule: string;
  source: { repo: string; path: string; commit: string; request: string };
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
}

const fixturesDir = join(import.meta.dirname, 'fixtures', 'spaaza-clients');
const fixture = (name: string): ClientFixture => JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8')) as ClientFixture;

const noValidSession = {
  result: { code: 2, status: 'error' },
  error: { code: 6, name: 'no_valid_session', description: expect.any(String) },
};
const noMyPriceApp = {
  result: { code: 2, status: 'error' },
  error: { code: 269, name: 'no_myprice_app', description: expect.any(String) },
};

let http: LocalApi;
const events: Array<{ functionName: string; event: APIGatewayProxyEvent }> = [];
beforeAll(async () => {
  http = await startLocalApi({ onEvent: (functionName, event) => events.push({ functionName, event }) });
});
afterAll(() => http.close());

/** Sends a fixture's request with its placeholders filled (URL-encoded in the path and the form body). */
function replay(name: string, values: Record<string, string | number>, from = '127.0.0.2'): Promise<HttpResult> {
  const { request } = fixture(name);
  const fill = (text: string, encode: boolean) =>
    text.replace(/\{\{(\w+)\}\}/g, (_whole, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`${name}: no value for {{${key}}}`);
      return encode ? encodeURIComponent(String(value)) : String(value);
    });
  const headers = Object.fromEntries(Object.entries(request.headers).map(([header, value]) => [header, fill(value, false)]));
  const body = request.body === undefined ? undefined : fill(request.body, true);
  return http.call(request.method, fill(request.path, true), { headers, body, from });
}

describe('the fixtures', () => {
  it.each(['postman-login-end-user', 'postman-get-login-status', 'php-client-logout-by-username', 'php-client-login-forwarded-for'])(
    '%s names its rule and its source',
    (name) => {
      const { rule, source } = fixture(name);
      expect(rule).toMatch(/\(docs\/[a-z]+\.md, /);
      expect(source).toMatchObject({ repo: expect.stringMatching(/^Spaaza\//), path: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    },
  );
});

describe('X-MyPrice-App-Hostname is X-Spaaza-MyPrice-App-Hostname', () => {
  it('Postman "login end-user" opens a member session and connects the user to the app', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();

    const login = await replay('postman-login-end-user', { app_hostname: app.hostname, username: user.username, password: user.password });
    expect(login.status).toBe(200);
    expect(login.headers['set-cookie']).toBeUndefined(); // only admin logins set the portal cookie

    const listed = await api('GET', `/api/developer/applications/${app.appId}/users`, { headers: admin.headers });
    expect(listed.json.users).toEqual([expect.objectContaining({ globalId: user.globalId, sessions: 1 })]);
    const status = await http.call('POST', '/auth/get-login-status', {
      headers: { 'X-Spaaza-MyPrice-App-Hostname': app.hostname },
      body: { user_id: login.json.results.session_info.session_user_id, session_key: login.json.results.session_info.session_key },
    });
    expect(status.status).toBe(200);
  });

  it('both names with different values are 400 code 269, on login and on get-login-status; the same value is one header', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const other = await createApplication(admin.headers, { hostnames: [uniqueHostname('other')] });
    const user = await registerUser();
    const both = (older: string) => ({ 'X-Spaaza-MyPrice-App-Hostname': app.hostname, 'X-MyPrice-App-Hostname': older });

    const conflicting = await http.call('POST', '/auth/login', { headers: both(other.hostname), body: { username: user.username, password: user.password }, form: true });
    expect(conflicting.status).toBe(400);
    expect(conflicting.json).toEqual(noMyPriceApp);

    const agreeing = await http.call('POST', '/auth/login', { headers: both(` ${app.hostname.toUpperCase()} `), body: { username: user.username, password: user.password }, form: true });
    expect(agreeing.status).toBe(200);
    const session = { user_id: user.userId, session_key: agreeing.json.results.session_info.session_key };
    const check = await http.call('POST', '/auth/get-login-status', { headers: both(other.hostname), body: session });
    expect(check.status).toBe(400);
    expect(check.json).toEqual(noMyPriceApp);
    expect((await http.call('POST', '/auth/get-login-status', { headers: { 'X-MyPrice-App-Hostname': app.hostname }, body: session })).status).toBe(200);
  });
});

describe('GET /auth/get-login-status', () => {
  it('Postman "get-login-status session-based" is answered exactly as the same POST', async () => {
    const admin = await createAdminSession();
    const values = { user_id: admin.userId, session_key: admin.sessionKey };

    const viaGet = await replay('postman-get-login-status', values);
    expect(viaGet.status).toBe(200);
    expect(viaGet.json.results).toMatchObject({ result_type: 'get-login-status', user_id: admin.userId });
    const viaPost = await http.call('POST', '/auth/get-login-status', { headers: { 'X-Spaaza-API-version': '1.6.3' }, body: values, form: true });
    expect(viaGet.json).toEqual(viaPost.json);

    const wrongKey = await replay('postman-get-login-status', { ...values, session_key: 'a'.repeat(64) });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json).toEqual(noValidSession);
  });
});

describe('X-Spaaza-Session-Username stands in for X-Spaaza-Session-User-Id', () => {
  it('PHP client logout by username (any case) ends the member session', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    const values = { session_key: member.sessionKey, username: user.username.toUpperCase(), app_hostname: app.hostname };

    const logout = await replay('php-client-logout-by-username', values);
    expect(logout.status).toBe(200);
    expect(logout.json.results).toEqual({ result_type: 'logout', username: user.username });
    const status = await http.call('POST', '/auth/get-login-status', {
      headers: { 'X-Spaaza-MyPrice-App-Hostname': app.hostname },
      body: { user_id: user.userId, session_key: member.sessionKey },
    });
    expect(status.json).toEqual(noValidSession);
    const again = await replay('php-client-logout-by-username', values);
    expect(again.status).toBe(401);
    expect(again.json).toEqual(noValidSession);
  });

  it('an unknown username, or another user, gets the same 401 code 6 and the session lives on', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    const other = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    for (const username of ['nobody-here@example.com', other.username, '', `${'x'.repeat(3000)}@example.com`]) {
      const response = await replay('php-client-logout-by-username', { session_key: member.sessionKey, username, app_hostname: app.hostname });
      expect(response.status).toBe(401);
      expect(response.json).toEqual(noValidSession);
    }
    expect((await http.call('DELETE', '/auth/logout', { headers: member.headers })).status).toBe(200);
  });

  it('authenticates an admin session on /api/developer/... by username; a wrong one is the same 401', async () => {
    const admin = await createAdminSession();
    const other = await registerUser();
    const byUsername = (username: string) => ({ 'X-Spaaza-Session-Username': username, 'X-Spaaza-Session-Key': admin.sessionKey });

    const listed = await http.call('GET', '/api/developer/applications', { headers: byUsername(admin.username.toUpperCase()) });
    expect(listed.status).toBe(200);
    const byUserId = await http.call('GET', '/api/developer/applications', { headers: admin.headers });
    expect(listed.json).toEqual(byUserId.json);

    for (const username of [other.username, 'nobody-here@example.com', '   ', 'x'.repeat(3000), '\u00ff\u00fe\u00e9']) {
      const refused = await http.call('GET', '/api/developer/applications', { headers: byUsername(username) });
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual({ ok: false, error: 'unauthorized', message: expect.any(String) });
    }
  });
});

describe('a client-supplied X-Forwarded-For never decides the source IP', () => {
  it('PHP client login with setXForwardedFor(): the functions see the socket peer as the source IP', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    const values = { app_hostname: app.hostname, username: user.username, password: user.password, forwarded_for: '127.0.0.9' };

    for (const from of ['127.0.0.2', '127.0.0.3']) {
      events.length = 0;
      const login = await replay('php-client-login-forwarded-for', values, from);
      expect(login.status).toBe(200);
      const [seen] = events;
      expect(seen?.functionName).toBe('auth-login');
      expect(seen?.event.headers['x-forwarded-for']).toBe('127.0.0.9');
      expect(seen?.event.requestContext.identity.sourceIp).toBe(from);
      expect(toHttpRequest(seen!.event, {}).sourceIp).toBe(from);
    }
  });

  it("failed logins count against the socket's address: a spoofed X-Forwarded-For neither escapes the limit nor locks out the address it names", async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    const wrong = (attempt: number) => ({ app_hostname: app.hostname, username: user.username, password: 'not-the-password', forwarded_for: `198.51.100.${attempt}` });
    // LOGIN_FAILURE_LIMIT (5) wrong passwords from 127.0.0.4, each naming another address.
    for (let attempt = 1; attempt <= 5; attempt += 1) expect((await replay('php-client-login-forwarded-for', wrong(attempt), '127.0.0.4')).status).toBe(401);
    // A sixth naming yet another address is still the same caller: throttled.
    const sixth = await replay('php-client-login-forwarded-for', { ...wrong(6), password: user.password }, '127.0.0.4');
    expect(sixth.status).toBe(429);
    // The right password from another socket address that claims to be 127.0.0.4 is served.
    const other = await replay('php-client-login-forwarded-for', { ...wrong(7), password: user.password, forwarded_for: '127.0.0.4' }, '127.0.0.5');
    expect(other.status).toBe(200);
  });
});
