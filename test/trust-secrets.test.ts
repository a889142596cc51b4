import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startFakeGraph, type FakeGraph } from './support/fake-graph.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { defaultPassword as password } from './support/accounts.js';

/** docs/security.md through the local HTTP server: password hashing, the pepper, Facebook tokens, DynamoDB Local. */
const graph: FakeGraph = await startFakeGraph();
process.env.FACEBOOK_GRAPH_URL = graph.url;
const { config } = await import('../lib/config.js');
const { coldContainer } = await import('./support/settings.js');
const { tableName } = await import('../lib/db/table-name.js');
coldContainer();
const { db } = await import('../lib/db/client.js');
const { keys } = await import('../lib/entities/keys.js');
const { localClient } = await import('../tools/local/dynamo-local.js');
const { usePasswordCost } = await import('./support/settings.js');

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  usePasswordCost('test');
  await api.close();
  await graph.close();
});

const suffix = () => Math.random().toString(16).slice(2, 10);

async function storedHash(userId: number): Promise<string> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }));
  return String(Item?.passwordHash);
}

describe('finding 8: password hashing and the development pepper', () => {
  it('hashes at OWASP scrypt N=2^17, r=8, p=1 by default, and upgrades an older hash at the next successful login', async () => {
    usePasswordCost('test'); // an account hashed under weaker parameters
    const username = `old-${suffix()}@example.com`;
    const added = await api.call('POST', '/auth/add-user', { body: { username, password } });
    const userId = Number(added.json.results.user_info.user_id);
    expect(await storedHash(userId)).toMatch(/^scrypt\$4096\$8\$1\$/);

    usePasswordCost('owasp'); // what every deployment runs
    expect((await api.call('POST', '/auth/login', { body: { username, password: 'wrong password' } })).status).toBe(401);
    expect(await storedHash(userId)).toMatch(/^scrypt\$4096\$8\$1\$/); // a failure upgrades nothing
    expect((await api.call('POST', '/auth/login', { body: { username, password } })).status).toBe(200);
    expect(await storedHash(userId)).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await api.call('POST', '/auth/login', { body: { username, password } })).status).toBe(200); // the upgraded hash verifies

    const fresh = await api.call('POST', '/auth/add-user', { body: { username: `new-${suffix()}@example.com`, password } });
    expect(await storedHash(Number(fresh.json.results.user_info.user_id))).toMatch(/^scrypt\$131072\$8\$1\$/);
    usePasswordCost('test');
  }, 90_000); // three production-cost hashes on a shared CI machine

  it('refuses the test password cost inside a Lambda function: no deployment hashes cheaply', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'AuthLogin';
    coldContainer();
    try {
      expect(() => config()).toThrow(/PASSWORD_HASH_COST=test/);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      coldContainer();
    }
  });

  it('never falls back to the public development pepper: without CLIENT_SECRET_PEPPER secrets are refused as a configuration error', async () => {
    const username = `dev-${suffix()}@example.com`;
    await api.call('POST', '/auth/add-user', { body: { username, password } });
    const info = (await api.call('POST', '/auth/login', { body: { username, password } })).json.results.session_info;
    const headers = { 'x-spaaza-session-user-id': String(info.session_user_id), 'x-spaaza-session-key': info.session_key };
    const pepper = process.env.CLIENT_SECRET_PEPPER;
    delete process.env.CLIENT_SECRET_PEPPER;
    coldContainer();
    try {
      expect(process.env.DYNAMODB_ENDPOINT).toBeDefined(); // a table endpoint is no licence for the public pepper
      const refused = await api.call('POST', '/api/developer/applications', { headers, body: { name: 'No pepper', hostnames: [`p-${suffix()}.test`] } });
      expect(refused.status).toBe(500);
      expect(refused.json).toEqual({ ok: false, error: 'internal_error', message: expect.any(String) });
    } finally {
      process.env.CLIENT_SECRET_PEPPER = pepper;
      coldContainer();
    }
  });
});

describe('finding 9: a Facebook token must be issued to this Facebook app', () => {
  const facebookLogin = (token: string) => api.call('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: token } });

  it('refuses a valid token of another app like an invalid one, after asking debug_token with the app token', async () => {
    const user = { id: `1000${Date.now()}`, email: `fb-${suffix()}@example.com`, first_name: 'Fay' };
    graph.addToken('EAA-other-app', user, '999999999');
    const other = await facebookLogin('EAA-other-app');
    expect(other.status).toBe(401);
    expect(other.json.error).toMatchObject({ code: 1008, name: 'invalid_facebook_token' });
    expect(graph.requests.some((url) => url.pathname === '/me' && url.searchParams.get('access_token') === 'EAA-other-app')).toBe(false);

    graph.addToken('EAA-this-app', user);
    expect((await facebookLogin('EAA-this-app')).status).toBe(200);
    const asked = graph.requests.find((url) => url.pathname === '/debug_token' && url.searchParams.get('input_token') === 'EAA-this-app');
    expect(asked?.searchParams.get('access_token')).toBe(`${process.env.FACEBOOK_APP_ID}|${process.env.FACEBOOK_APP_SECRET}`);
    expect((await facebookLogin('EAA-unknown')).status).toBe(401);
  });
});

describe('finding 10: DynamoDB Local keeps the data under random credentials', () => {
  it('shows another process with the well-known credentials no tables, while the API serves from its own', async () => {
    const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
    expect((await api.call('POST', '/auth/add-user', { body: { username: `t-${suffix()}@example.com`, password } })).status).toBe(200);
    expect(process.env.AWS_ACCESS_KEY_ID).toMatch(/^local[0-9a-f]{20}$/);
    for (const credentials of [{ accessKeyId: 'local', secretAccessKey: 'local' }, { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }]) {
      const stranger = localClient(endpoint, credentials);
      try {
        const { TableNames } = await stranger.send(new ListTablesCommand({}));
        expect(TableNames).not.toContain(tableName());
        expect(TableNames).toEqual([]);
      } finally {
        stranger.destroy();
      }
    }
    const owner = localClient(endpoint);
    try {
      expect((await owner.send(new ListTablesCommand({}))).TableNames).toContain(tableName());
    } finally {
      owner.destroy();
    }
  });
});
