import { clearCredentialCache } from './support/settings.js';
import { config } from '../lib/config.js';
import { db } from '../lib/db/client.js';
import { keys } from '../lib/entities/keys.js';
import { api } from './support/api.js';
import { createAdminSession, loginUser, registerUser, uniqueUsername, type AdminSession } from './support/accounts.js';
import { basicAuth, createApplication } from './support/applications.js';
import { injectFaults } from './support/dynamo-faults.js';
import { scanItems } from './support/table-scan.js';

/**
 * Abuse limits that live in the functions (the edge limits — WAF rate rules, body size,
 * API Gateway stage throttling — are checked on the template in test/infra.test.ts):
 * request body size, failed-login throttling per username and Basic-auth failure
 * throttling per client. Each refusal is cheap: no password hash, no secret read.
 */

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

/** Records the DynamoDB calls `run` makes. */
async function dynamoCallsOf(run: () => Promise<unknown>): Promise<string[]> {
  const recorder = injectFaults(db, () => undefined);
  try {
    await run();
    return [...recorder.calls];
  } finally {
    recorder.remove();
  }
}

describe('request body size (MAX_BODY_BYTES)', () => {
  const limit = config().MAX_BODY_BYTES;
  /** A JSON object body of exactly `bytes` bytes (UTF-8), padded with a multi-byte character. */
  const jsonOfBytes = (bytes: number, fields: Record<string, unknown> = {}) => {
    const base = JSON.stringify({ ...fields, pad: '' });
    const padBytes = bytes - Buffer.byteLength(base);
    const pad = 'é'.repeat(Math.floor(padBytes / 2)) + 'x'.repeat(padBytes % 2);
    const body = JSON.stringify({ ...fields, pad });
    expect(Buffer.byteLength(body)).toBe(bytes);
    return body;
  };
  const json = { 'content-type': 'application/json' };

  it('accepts a body of exactly the limit and answers 413 one byte over, on /auth in the Spaaza shape', async () => {
    const atLimit = await api('POST', '/auth/login', { headers: json, body: jsonOfBytes(limit, { username: uniqueUsername(), password: 'wrong password!' }) });
    expect(atLimit.status).toBe(401); // read and judged on its merits
    const over = await api('POST', '/auth/login', { headers: json, body: jsonOfBytes(limit + 1, { username: uniqueUsername(), password: 'x' }) });
    expect(over.status).toBe(413);
    expect(over.json).toEqual({ result: { code: 2, status: 'error' }, error: { code: 1010, name: 'payload_too_large', description: expect.any(String) } });
  });

  it('answers 413 on /api routes in the /api shape, after authentication and before parsing or validation', async () => {
    const path = '/api/developer/applications';
    const oversized = '{"name": ' + '"x'.repeat(limit);
    expect((await api('POST', path, { headers: json, body: oversized })).status).toBe(401); // authentication first (contract order)
    const response = await api('POST', path, { headers: { ...json, ...admin.headers }, body: oversized });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ ok: false, error: 'payload_too_large', message: expect.any(String) });
  });

  it('counts bytes, not characters', async () => {
    const characters = 'é'.repeat(Math.ceil(limit / 2) + 1); // fewer characters than the limit, more bytes
    expect(characters.length).toBeLessThan(limit);
    const multibyte = await api('POST', '/auth/add-user', { headers: json, body: JSON.stringify({ username: characters }) });
    expect(multibyte.status).toBe(413);
  });

  it('costs no DynamoDB call to refuse', async () => {
    const calls = await dynamoCallsOf(() => api('POST', '/auth/add-user', { headers: json, body: jsonOfBytes(limit + 100) }));
    expect(calls).toEqual([]);
  });
});

describe('failed-login throttling per (username, source IP)', () => {
  const fail = (username: string) => api('POST', '/auth/login', { body: { username, password: 'not the password' } });

  it('counts failures across letter case and surrounding spaces of one username, and only that username', async () => {
    const user = await registerUser();
    const other = await registerUser();
    const spellings = [user.username, user.username.toUpperCase(), `  ${user.username}`, user.username, `${user.username.toUpperCase()} `];
    for (const spelling of spellings) expect((await fail(spelling)).status).toBe(401);
    expect((await api('POST', '/auth/login', { body: { username: user.username, password: user.password } })).status).toBe(429);
    expect((await api('POST', '/auth/login', { body: { username: other.username, password: other.password } })).status).toBe(200);
  });

  it('refuses a locked pair without reading the profile or hashing a password, and without extending the lock', async () => {
    const username = uniqueUsername('locked');
    for (let attempt = 0; attempt < config().LOGIN_FAILURE_LIMIT; attempt += 1) await fail(username);
    const calls = await dynamoCallsOf(async () => expect((await fail(username)).status).toBe(429));
    expect(calls[0]).toBe('BatchGetItemCommand');
    expect(calls).not.toContain('QueryCommand');
    const counter = (await scanItems()).find((item) => item.pk === keys.loginFailures(username, '127.0.0.1').pk);
    expect(counter?.failures).toBe(config().LOGIN_FAILURE_LIMIT); // refused attempts do not extend the lock
  });

  it('leaves existing sessions of a locked account working', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    for (let attempt = 0; attempt < config().LOGIN_FAILURE_LIMIT; attempt += 1) await fail(user.username);
    expect((await fail(user.username)).status).toBe(429);
    const status = await api('POST', '/auth/get-login-status', { body: { user_id: user.userId, session_key: session.sessionKey } });
    expect(status.status).toBe(200);
  });
});

describe('Basic-auth failure throttling per (client id, source IP)', () => {
  afterEach(() => clearCredentialCache());

  it('refuses a throttled pair\'s failing requests with 429 and Retry-After, and still serves its valid secret', async () => {
    const app = await createApplication(admin.headers);
    const path = `/api/applications/${app.appId}/users`;
    for (let attempt = 0; attempt < config().APP_AUTH_FAILURE_LIMIT; attempt += 1) {
      expect((await api('GET', path, { headers: basicAuth(app.appId, `signet_cs_guess${attempt}`) })).status).toBe(401);
    }
    const throttled = await api('GET', path, { headers: basicAuth(app.appId, 'signet_cs_another_guess') });
    expect(throttled.status).toBe(429);
    expect(throttled.json).toEqual({ ok: false, error: 'rate_limited', message: expect.any(String) });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    clearCredentialCache();
    expect((await api('GET', path, { headers: basicAuth(app.appId, app.clientSecret) })).status).toBe(200);
  });

  it('throttles per client id: another application is not affected', async () => {
    const target = await createApplication(admin.headers);
    const bystander = await createApplication(admin.headers);
    for (let attempt = 0; attempt <= config().APP_AUTH_FAILURE_LIMIT; attempt += 1) {
      await api('GET', `/api/applications/${target.appId}/users`, { headers: basicAuth(target.appId, 'signet_cs_wrong') });
    }
    expect((await api('GET', `/api/applications/${target.appId}/users`, { headers: basicAuth(target.appId, 'signet_cs_wrong') })).status).toBe(429);
    expect((await api('GET', `/api/applications/${bystander.appId}/users`, { headers: basicAuth(bystander.appId, bystander.clientSecret) })).status).toBe(200);
  });
});
