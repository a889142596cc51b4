import { db } from '../lib/db/client.js';
import { injectFaults } from './support/dynamo-faults.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { defaultPassword as password } from './support/accounts.js';
import { basicAuth as basic } from './support/api.js';

/**
 * docs/security.md, Throttling through the local HTTP server, from several loopback source
 * addresses (docs/security.md lists each threat beside these tests).
 * Credential cache off: every request verifies its secret, as after the cache TTL.
 */
process.env.CREDENTIAL_CACHE_TTL_SECONDS = '0';
// A lower per-IP limit than the default 100 keeps the stuffing test quick (each failure costs a hash).
process.env.LOGIN_IP_FAILURE_LIMIT = '12';
const { coldContainer } = await import('./support/settings.js');
coldContainer();

let api: LocalApi;
const attacker = '127.0.0.2';
const backend = '127.0.0.3';
const bystander = '127.0.0.4';

beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

const unique = (prefix: string) => `${prefix}-${Math.random().toString(16).slice(2, 10)}@example.com`;

async function register(from = bystander): Promise<string> {
  const username = unique('user');
  const response = await api.call('POST', '/auth/add-user', { body: { username, password }, from });
  expect(response.status).toBe(200);
  return username;
}

const login = (username: string, secret: string, from: string) => api.call('POST', '/auth/login', { body: { username, password: secret }, from });

async function newApplication(): Promise<{ appId: string; clientSecret: string }> {
  const owner = await register();
  const session = (await login(owner, password, bystander)).json.results.session_info;
  const headers = { 'x-spaaza-session-user-id': String(session.session_user_id), 'x-spaaza-session-key': session.session_key };
  const created = await api.call('POST', '/api/developer/applications', { headers, body: { name: 'Throttled', hostnames: [`t-${Date.now()}.example.com`] }, from: bystander });
  expect(created.status).toBe(201);
  return { appId: created.json.application.appId, clientSecret: created.json.clientSecret };
}


describe('finding 1: nobody who knows an appId can lock out its backend', () => {
  it('serves valid credentials whatever failures others caused; only the failing pair gets 429 with Retry-After', async () => {
    const app = await newApplication();
    const path = `/api/applications/${app.appId}/users`;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect((await api.call('GET', path, { headers: basic(app.appId, `signet_cs_guess${attempt}`), from: attacker })).status).toBe(401);
    }
    const refused = await api.call('GET', path, { headers: basic(app.appId, 'signet_cs_guess'), from: attacker });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ ok: false, error: 'rate_limited', message: expect.any(String) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // the real backend, from its own address and even from the attacker's, is served
    expect((await api.call('GET', path, { headers: basic(app.appId, app.clientSecret), from: backend })).status).toBe(200);
    expect((await api.call('GET', path, { headers: basic(app.appId, app.clientSecret), from: attacker })).status).toBe(200);
    // another address's mistakes are its own: 401, not 429
    expect((await api.call('GET', path, { headers: basic(app.appId, 'signet_cs_typo'), from: backend })).status).toBe(401);
  });

  it('ignores X-Forwarded-For: the socket address is the source', async () => {
    const app = await newApplication();
    const path = `/api/applications/${app.appId}/users`;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await api.call('GET', path, { headers: { ...basic(app.appId, 'signet_cs_x'), 'x-forwarded-for': `10.0.0.${attempt}` }, from: attacker });
    }
    expect((await api.call('GET', path, { headers: { ...basic(app.appId, 'signet_cs_x'), 'x-forwarded-for': '10.9.9.9' }, from: attacker })).status).toBe(429);
  });
});

describe('finding 2: parallel wrong passwords are counted before they are checked', () => {
  it('checks at most LOGIN_FAILURE_LIMIT (5) of 15 parallel wrong passwords', async () => {
    const username = await register();
    const answers = await Promise.all(Array.from({ length: 15 }, (_, index) => login(username, `wrong password ${index}`, '127.0.0.5')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    const throttled = answers.find((answer) => answer.status === 429);
    expect(throttled?.json).toEqual({ result: { code: 2, status: 'error' }, error: { code: 1007, name: 'login_throttled', description: expect.any(String) } });
    expect(Number(throttled?.headers['retry-after'])).toBeGreaterThan(0);
    // the right password from that pair is refused too, before it is checked
    expect((await login(username, password, '127.0.0.5')).status).toBe(429);
  });
});

describe('finding 3: a stranger cannot lock anybody out', () => {
  it('leaves the same username from another source IP unaffected', async () => {
    const username = await register();
    for (let attempt = 0; attempt < 6; attempt += 1) await login(username, 'not the password', attacker);
    expect((await login(username, password, attacker)).status).toBe(429);
    expect((await login(username, password, backend)).status).toBe(200);
  });

  it('refuses one source IP after LOGIN_IP_FAILURE_LIMIT failures over all usernames (credential stuffing)', async () => {
    const stuffer = '127.0.0.9';
    const victim = await register();
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(unique('stuffed'), 'guess guess', stuffer)));
    expect(answers.every((answer) => answer.status === 401)).toBe(true);
    expect((await login(unique('stuffed'), 'guess guess', stuffer)).status).toBe(429);
    expect((await login(victim, password, stuffer)).status).toBe(429);
    expect((await login(victim, password, backend)).status).toBe(200);
  });
});

describe('our own faults are not failed logins', () => {
  it('gives the reservations back when the session write fails (503), so the right password then works', async () => {
    const username = await register();
    const from = '127.0.0.11';
    // every attempt of every session transaction fails: DynamoDB is down for writes
    const faults = injectFaults(db, (attempt) => (attempt.command === 'TransactWriteItemsCommand' ? 'internalServerError' : undefined));
    try {
      for (let attempt = 0; attempt < 6; attempt += 1) expect((await login(username, password, from)).status).toBe(503);
    } finally {
      faults.remove();
    }
    expect((await login(username, password, from)).status).toBe(200);
    // a wrong password still counts: five of them, then 429
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await login(username, 'not the password', from)).status).toBe(401);
    expect((await login(username, password, from)).status).toBe(429);
  });
});
