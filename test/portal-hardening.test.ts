import { cookieIsSecure } from '../lib/auth/session-cookie.js';
import { ensurePortalBuilt } from '../portal/build.js';
import { registerUser } from './support/accounts.js';
import { startLocalApi, type LocalApi } from './support/http.js';

/** The portal's server side: static files with a strict CSP, the cookie's flags, and the CSRF guard. */
let api: LocalApi;
beforeAll(async () => {
  ensurePortalBuilt();
  api = await startLocalApi();
}, 60_000);
afterAll(() => api.close());

async function cookieLogin(host?: string): Promise<{ setCookie: string; cookie: string }> {
  const user = await registerUser();
  const response = await api.call('POST', '/auth/login', { body: { username: user.username, password: user.password }, headers: { 'x-signet-portal': '1', ...(host ? { host } : {}) } });
  expect(response.status).toBe(200);
  const setCookie = response.headers['set-cookie'] ?? '';
  return { setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

describe('the portal on the local server', () => {
  it('serves index.html at / with a strict Content-Security-Policy', async () => {
    const response = await api.call('GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(response.text)?.[1];
    expect(script).toBeDefined();
    const asset = await api.call('GET', script ?? '');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('leaves API paths, unknown files and path traversal to the API (JSON 404)', async () => {
    for (const path of ['/nowhere.js', '/assets/../../package.json', '/%2e%2e/package.json', '/api/developer/applications/x/../../../../package.json']) {
      const response = await api.call('GET', path);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).not.toContain('"devDependencies"');
    }
  });
});

describe('the admin-session cookie', () => {
  it('drops Secure only for a loopback server reached over loopback', async () => {
    const local = await cookieLogin();
    expect(local.setCookie).toMatch(/HttpOnly/);
    expect(local.setCookie).toMatch(/SameSite=Lax/);
    expect(local.setCookie).not.toMatch(/Secure/);
    const deployed = await cookieLogin('signet.example.com');
    expect(deployed.setCookie).toMatch(/; Secure;/);
  });

  it('keeps Secure whenever either the Host or the peer is not loopback', () => {
    const secure = (host: string | undefined, sourceIp: string) => cookieIsSecure({ headers: host === undefined ? {} : { host }, sourceIp });
    expect(secure('127.0.0.1:3000', '127.0.0.1')).toBe(false);
    expect(secure('localhost:3000', '::1')).toBe(false);
    expect(secure('[::1]:3000', '::ffff:127.0.0.1')).toBe(false);
    expect(secure('127.0.0.1:3000', '203.0.113.9')).toBe(true); // a forged Host from outside
    expect(secure('signet.example.com', '127.0.0.1')).toBe(true);
    expect(secure('localhost.evil.example', '127.0.0.1')).toBe(true);
    expect(secure(undefined, '127.0.0.1')).toBe(true);
  });

  it('refuses cookie-authenticated writes without the X-Signet-Portal header (cross-site requests)', async () => {
    const { cookie } = await cookieLogin();
    const body = { name: 'Forged', hostnames: ['forged.test'] };
    const forged = await api.call('POST', '/api/developer/applications', { headers: { cookie, origin: 'https://evil.example' }, body });
    expect(forged.status).toBe(403);
    expect(forged.json).toMatchObject({ ok: false, error: 'forbidden', message: expect.stringContaining('X-Signet-Portal') });
    const form = await api.call('POST', '/api/developer/applications', { headers: { cookie }, form: true, body: { name: 'Forged' } });
    expect(form.status).toBe(403);
    const logout = await api.call('DELETE', '/auth/logout', { headers: { cookie } });
    expect(logout.status).toBe(403);
    expect(logout.json).toMatchObject({ result: { status: 'error' }, error: { name: 'forbidden' } });

    expect((await api.call('GET', '/api/developer/applications', { headers: { cookie } })).status).toBe(200);
    const portal = await api.call('POST', '/api/developer/applications', { headers: { cookie, 'x-signet-portal': '1' }, body });
    expect(portal.status).toBe(201);
    expect((await api.call('DELETE', '/auth/logout', { headers: { cookie, 'x-signet-portal': '1' } })).status).toBe(200);
  });

  it('a cross-site login sets no cookie (login CSRF); the portal header or a same-origin browser request does', async () => {
    const user = await registerUser();
    const body = { username: user.username, password: user.password };
    const crossSite = await api.call('POST', '/auth/login', { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, form: true, body });
    expect(crossSite.status).toBe(200);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    expect((await api.call('POST', '/auth/login', { body })).headers['set-cookie']).toBeUndefined();
    expect((await api.call('POST', '/auth/login', { headers: { 'x-signet-portal': '1' }, body })).headers['set-cookie']).toMatch(/^signet_session=/);
    expect((await api.call('POST', '/auth/login', { headers: { 'sec-fetch-site': 'same-origin' }, body })).headers['set-cookie']).toMatch(/^signet_session=/);
    const sameOrigin = await api.call('POST', '/auth/login', { headers: { host: 'portal.example.com', origin: 'https://portal.example.com' }, body });
    expect(sameOrigin.headers['set-cookie']).toMatch(/^signet_session=/);
  });
});
