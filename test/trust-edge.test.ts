import { startLocalApi, type LocalApi, type HttpResult } from './support/http.js';
import { defaultPassword as password } from './support/accounts.js';
import { basicAuth as basic } from './support/api.js';
import { coldContainer } from './support/settings.js';

/**
 * Issue 21: the client address behind the edge and behind a proxying backend,
 * through the local server (which honours CLOUDFRONT_ORIGIN_SECRET as deployed).
 * LOGIN_FAILURE_LIMIT is 5 per (username, client IP).
 */
const originSecret = 'test-cloudfront-origin-secret-0123456789abcdef';
process.env.CLOUDFRONT_ORIGIN_SECRET = originSecret;
process.env.CREDENTIAL_CACHE_TTL_SECONDS = '0';
coldContainer();

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

const unique = (prefix: string) => `${prefix}-${Math.random().toString(16).slice(2, 10)}@example.com`;

async function register(): Promise<string> {
  const username = unique('edge');
  expect((await api.call('POST', '/auth/add-user', { body: { username, password }, from: '127.0.0.9' })).status).toBe(200);
  return username;
}

const login = (username: string, secret: string, from: string, headers: Record<string, string> = {}): Promise<HttpResult> =>
  api.call('POST', '/auth/login', { body: { username, password: secret }, from, headers });

async function failFiveTimes(username: string, from: string, headersOf: (attempt: number) => Record<string, string>): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) expect((await login(username, 'wrong-password', from, headersOf(attempt))).status).toBe(401);
}

describe('behind CloudFront', () => {
  it('counts a verified viewer address: one viewer is throttled, another behind the same edge is not', async () => {
    const username = await register();
    const viewer = (ip: string) => ({ 'x-origin-verify': originSecret, 'cloudfront-viewer-address': `${ip}:443` });
    await failFiveTimes(username, '127.0.0.2', () => viewer('203.0.113.5'));
    expect((await login(username, password, '127.0.0.2', viewer('203.0.113.5'))).status).toBe(429);
    expect((await login(username, password, '127.0.0.2', viewer('203.0.113.6'))).status).toBe(200);
    expect((await login(username, password, '127.0.0.2', viewer('2001:db8::7'))).status).toBe(200);
  });

  it('ignores an unverified viewer address and X-Forwarded-For: the socket address is counted', async () => {
    const unverified = await register();
    await failFiveTimes(unverified, '127.0.0.3', (n) => ({ 'x-origin-verify': 'not-the-secret', 'cloudfront-viewer-address': `198.51.100.${n}:80` }));
    expect((await login(unverified, password, '127.0.0.3', { 'x-origin-verify': 'not-the-secret', 'cloudfront-viewer-address': '198.51.100.99:80' })).status).toBe(429);
    const forwarded = await register();
    await failFiveTimes(forwarded, '127.0.0.4', (n) => ({ 'x-forwarded-for': `198.51.100.${n}` }));
    expect((await login(forwarded, password, '127.0.0.4', { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
    expect((await login(forwarded, password, '127.0.0.5')).status).toBe(200);
  });
});

describe('a backend that proxies sign-in', () => {
  it('names its user in X-Signet-Client-IP with valid Basic credentials; without them the header is ignored', async () => {
    const owner = await register();
    const session = (await login(owner, password, '127.0.0.9')).json.results.session_info;
    const admin = { 'x-spaaza-session-user-id': String(session.session_user_id), 'x-spaaza-session-key': session.session_key };
    const created = await api.call('POST', '/api/developer/applications', { headers: admin, body: { name: 'Proxy', hostnames: [`p-${Date.now()}.example.com`] } });
    expect(created.status).toBe(201);
    const credentials = basic(created.json.application.appId, created.json.clientSecret);

    const user = await register();
    const backend = '127.0.0.6';
    await failFiveTimes(user, backend, () => ({ ...credentials, 'x-signet-client-ip': '192.0.2.10' }));
    expect((await login(user, password, backend, { ...credentials, 'x-signet-client-ip': '192.0.2.10' })).status).toBe(429);
    // the backend's own address was not counted: its other users still sign in
    expect((await login(user, password, backend, { ...credentials, 'x-signet-client-ip': '192.0.2.11' })).status).toBe(200);
    const registered = await api.call('POST', '/auth/add-user', { body: { username: unique('proxied'), password }, from: backend, headers: { ...credentials, 'x-signet-client-ip': '192.0.2.12' } });
    expect(registered.status).toBe(200);

    const forged = await register();
    const wrong = basic(created.json.application.appId, 'signet_cs_not-the-secret');
    await failFiveTimes(forged, '127.0.0.7', (n) => ({ ...wrong, 'x-signet-client-ip': `192.0.2.${20 + n}` }));
    expect((await login(forged, password, '127.0.0.7', { ...wrong, 'x-signet-client-ip': '192.0.2.99' })).status).toBe(429);
  });
});
