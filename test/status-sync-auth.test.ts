import { manualClock, useClock } from '../lib/clock.js';
import { clearCredentialCache } from './support/settings.js';
import { coldContainer } from './support/settings.js';
import { api } from './support/api.js';
import { basicAuth, connectUser, countDynamoCalls, createTestApp, statusPath, type TestApp } from './support/status-sync.js';

let app: TestApp;
let globalId: string;

beforeAll(async () => {
  app = await createTestApp();
  globalId = (await connectUser(app)).globalId;
});

afterEach(() => {
  delete process.env.CREDENTIAL_CACHE_TTL_SECONDS;
  delete process.env.APP_AUTH_FAILURE_LIMIT;
  coldContainer();
  clearCredentialCache();
});

/** The three Basic-auth routes, each with a valid request apart from its credentials. */
const routes = () => [
  { method: 'PATCH', path: statusPath(app.appId, globalId), body: { status: 'PRO' } },
  { method: 'GET', path: statusPath(app.appId, globalId), body: undefined },
  { method: 'GET', path: `/api/applications/${app.appId}/users`, body: undefined },
];

const send = (route: ReturnType<typeof routes>[number], headers: Record<string, string>) =>
  api(route.method, route.path, { headers, body: route.body });

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('Basic auth: 401 unauthorized', () => {
  const badHeaders: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Bearer abc.def' }],
    ['Basic without credentials', { authorization: 'Basic' }],
    ['not base64', { authorization: 'Basic %%%' }],
    ['no colon', { authorization: `Basic ${encode('just-an-id')}` }],
    ['an empty secret', { authorization: `Basic ${encode('app_x:')}` }],
  ];

  it.each(badHeaders)('refuses %s on every route', async (_what, headers) => {
    for (const route of routes()) {
      const response = await send(route, headers);
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ ok: false, error: 'unauthorized', message: expect.any(String) });
      expect(response.headers['www-authenticate']).toMatch(/^Basic realm=/);
    }
  });

  it('checks authentication before the body: a malformed or mistyped body without credentials is a 401', async () => {
    const path = statusPath(app.appId, globalId);
    const malformed = await api('PATCH', path, { headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(malformed.status).toBe(401);
    const mistyped = await api('PATCH', path, { headers: { 'content-type': 'text/plain' }, body: 'PRO' });
    expect(mistyped.status).toBe(401);
    const invalid = await api('PATCH', path, { body: {} });
    expect(invalid.status).toBe(401);
  });
});

describe('Basic auth: 403 forbidden', () => {
  it('refuses a client_id other than the path appId, even with that client\'s valid secret, before reading the body', async () => {
    const other = await createTestApp(app.owner);
    for (const route of routes()) {
      const response = await send(route, other.auth);
      expect(response.status).toBe(403);
      expect(response.json).toEqual({ ok: false, error: 'forbidden', message: expect.any(String) });
    }
    const invalidBody = await api('PATCH', statusPath(app.appId, globalId), { headers: other.auth, body: {} });
    expect(invalidBody.status).toBe(403);
  });
});

describe('Basic auth: 401 invalid_client', () => {
  it('refuses a wrong secret and an unknown application with the same body', async () => {
    for (const route of routes()) {
      const wrongSecret = await send(route, basicAuth(app.appId, `${app.clientSecret}x`));
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.json).toEqual({ ok: false, error: 'invalid_client', message: expect.any(String) });
      expect(wrongSecret.headers['www-authenticate']).toMatch(/^Basic/);
    }
    const unknownWellFormed = 'app_00000000000000000000';
    const unknown = await api('GET', `/api/applications/${unknownWellFormed}/users`, { headers: basicAuth(unknownWellFormed, app.clientSecret) });
    const garbage = await api('GET', '/api/applications/whatever/users', { headers: basicAuth('whatever', app.clientSecret) });
    const wrong = await api('GET', `/api/applications/${app.appId}/users`, { headers: basicAuth(app.appId, 'nope') });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    expect(garbage.json).toEqual(wrong.json);
  });

  it('does not let a wrong secret change anything', async () => {
    const response = await api('PATCH', statusPath(app.appId, globalId), { headers: basicAuth(app.appId, 'nope'), body: { status: 'HACKED' } });
    expect(response.status).toBe(401);
    const status = await api('GET', statusPath(app.appId, globalId), { headers: app.auth });
    expect(status.json.history.map((entry: { status: string }) => entry.status)).not.toContain('HACKED');
  });
});

describe('credential cache', () => {
  it('serves a warm call from the container cache without reading the secrets', async () => {
    const calls = countDynamoCalls();
    try {
      const path = `/api/applications/${app.appId}/users`;
      const cold = await api('GET', path, { headers: app.auth });
      expect(cold.status).toBe(200);
      // cold: the secrets Query, the page Query and the app GetItem, plus the lastUsedAt bookkeeping
      expect(calls.counts.Query).toBe(2);
      calls.reset();
      const warm = await api('GET', path, { headers: app.auth });
      expect(warm.status).toBe(200);
      expect(calls.counts).toEqual({ Query: 1, BatchGetItem: 1 });
    } finally {
      calls.stop();
    }
  });

  it('reads the secrets on every call when CREDENTIAL_CACHE_TTL_SECONDS is 0', async () => {
    process.env.CREDENTIAL_CACHE_TTL_SECONDS = '0';
    coldContainer();
    const calls = countDynamoCalls();
    try {
      for (let index = 0; index < 3; index += 1) {
        expect((await api('GET', statusPath(app.appId, globalId), { headers: app.auth })).status).toBe(200);
      }
      // per call: secrets Query + history Query (+ connection GetItem)
      expect(calls.counts.Query).toBe(6);
    } finally {
      calls.stop();
    }
  });

  it('records lastUsedAt of the matched secret for the developer portal', async () => {
    const fresh = await createTestApp(app.owner);
    await api('GET', `/api/applications/${fresh.appId}/users`, { headers: fresh.auth });
    const portal = await api('GET', `/api/developer/applications/${fresh.appId}`, { headers: app.owner.headers });
    const secret = portal.json.application.clientSecrets.find((entry: { secretId: string }) => entry.secretId === fresh.secretId);
    expect(secret.lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('secret rotation and retirement', () => {
  it('accepts every active secret, attributes changes to the matched one, and rejects a retired one once the cache expires', async () => {
    const rotating = await createTestApp(app.owner);
    const user = await connectUser(rotating);
    const created = await api('POST', `/api/developer/applications/${rotating.appId}/client-secrets`, { headers: app.owner.headers });
    expect(created.status).toBe(201);
    const newAuth = basicAuth(rotating.appId, created.json.clientSecret);

    // both secrets work; history names the secret that matched
    const oldGrant = await api('PATCH', statusPath(rotating.appId, user.globalId), { headers: rotating.auth, body: { status: 'OLD' } });
    const newGrant = await api('PATCH', statusPath(rotating.appId, user.globalId), { headers: newAuth, body: { status: 'NEW' } });
    expect(oldGrant.status).toBe(200);
    expect(newGrant.status).toBe(200);
    const status = await api('GET', statusPath(rotating.appId, user.globalId), { headers: newAuth });
    expect(status.json.history.map((entry: { action: string; by: { secretId: string } }) => [entry.action, entry.by.secretId])).toEqual([
      ['granted', created.json.secretId],
      ['superseded', created.json.secretId],
      ['granted', rotating.secretId],
    ]);

    // retire the old secret: a warm container may still accept it until the cache entry expires ...
    const retired = await api('DELETE', `/api/developer/applications/${rotating.appId}/client-secrets/${rotating.secretId}`, {
      headers: app.owner.headers,
    });
    expect(retired.status).toBe(200);
    expect((await api('GET', statusPath(rotating.appId, user.globalId), { headers: rotating.auth })).status).toBe(200);

    // ... and refuses it once it has (simulated: a cold container has an empty cache)
    clearCredentialCache();
    const refused = await api('GET', statusPath(rotating.appId, user.globalId), { headers: rotating.auth });
    expect(refused.status).toBe(401);
    expect(refused.json.error).toBe('invalid_client');
    expect((await api('GET', statusPath(rotating.appId, user.globalId), { headers: newAuth })).status).toBe(200);
  });

  it('stops accepting a retired secret after CREDENTIAL_CACHE_TTL_SECONDS', async () => {
    process.env.CREDENTIAL_CACHE_TTL_SECONDS = '1';
    coldContainer();
    const rotating = await createTestApp(app.owner);
    const created = await api('POST', `/api/developer/applications/${rotating.appId}/client-secrets`, { headers: app.owner.headers });
    const path = `/api/applications/${rotating.appId}/users`;
    expect((await api('GET', path, { headers: rotating.auth })).status).toBe(200);
    await api('DELETE', `/api/developer/applications/${rotating.appId}/client-secrets/${rotating.secretId}`, { headers: app.owner.headers });
    const clock = manualClock(new Date(Date.now() + 1100)); // the cache entry's second has passed
    const restore = useClock(clock);
    try {
      expect((await api('GET', path, { headers: rotating.auth })).status).toBe(401);
    } finally {
      restore();
    }
    expect((await api('GET', path, { headers: basicAuth(rotating.appId, created.json.clientSecret) })).status).toBe(200);
  });
});

describe('failure throttling', () => {
  it('answers 429 to the failing requests after too many failures; valid credentials and other clients are unaffected', async () => {
    process.env.APP_AUTH_FAILURE_LIMIT = '5';
    coldContainer();
    const target = await createTestApp(app.owner);
    const path = `/api/applications/${target.appId}/users`;
    expect((await api('GET', path, { headers: target.auth })).status).toBe(200); // verified and cached

    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await api('GET', path, { headers: basicAuth(target.appId, `guess-${attempt}`) })).status).toBe(401);
    }
    const throttled = await api('GET', path, { headers: basicAuth(target.appId, 'guess-6') });
    expect(throttled.status).toBe(429);
    expect(throttled.json).toEqual({ ok: false, error: 'rate_limited', message: expect.any(String) });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);

    // the legitimate backend, verified before, keeps working; so does every other app
    expect((await api('GET', path, { headers: target.auth })).status).toBe(200);
    expect((await api('GET', `/api/applications/${app.appId}/users`, { headers: app.auth })).status).toBe(200);
    // an uncached valid credential is verified first and served too (docs/security.md, Throttling)
    clearCredentialCache();
    expect((await api('GET', path, { headers: target.auth })).status).toBe(200);
  });

  it('never throttles a client with valid credentials', async () => {
    const path = `/api/applications/${app.appId}/users`;
    const responses = await Promise.all(Array.from({ length: 60 }, () => api('GET', path, { headers: app.auth, query: { limit: '1' } })));
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });
});
