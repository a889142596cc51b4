import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { coldContainer } from './support/settings.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import { keys } from '../lib/entities/keys.js';
import { api } from './support/api.js';
import { loginUser, registerUser, seedApplication, uniqueUsername } from './support/accounts.js';
import { startFakeGraph, type FakeGraph } from './support/fake-graph.js';
import { startLocalApi } from './support/http.js';
import { dynamoCallRecorder } from './support/dynamo-calls.js';

const count = dynamoCallRecorder();
let graph: FakeGraph;
let facebookIds = 100005264048000;

beforeAll(async () => {
  graph = await startFakeGraph();
  process.env.FACEBOOK_GRAPH_URL = graph.url;
  coldContainer(); // config() is memoized; make it read the fake's URL
});

afterAll(async () => {
  await graph.close();
});

function facebookUser(email?: string) {
  facebookIds += 1;
  const token = `EAAD${facebookIds}token`;
  const user = { id: String(facebookIds), email, first_name: 'Fay', last_name: 'Book' };
  graph.addToken(token, user);
  return { token, user };
}

const facebookLogin = (token: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  api('POST', '/auth/login', { headers, body: { auth_method: 'facebook', fb_access_token: token, ...extra } });

describe('Facebook login', () => {
  it('member login in three DynamoDB waves: a new user reads no connection, a known one reads it alongside the profile (docs/performance.md)', async () => {
    const app = await seedApplication();
    const { token, user } = facebookUser(uniqueUsername('fbwaves'));
    const headers = { 'x-spaaza-myprice-app-hostname': app.hostname };
    // new: claims + hostname, the add-user transaction, the session transaction (which creates the connection)
    expect(await count(async () => expect((await facebookLogin(token, {}, headers)).status).toBe(200))).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    expect(count.waves()).toBe(3);
    // known: the identity claim carries the globalId, so the connection's GetItem goes out with the profile's Query
    const knownCalls = ['BatchGetItemCommand', 'QueryCommand', 'GetItemCommand', 'TransactWriteItemsCommand'];
    expect(await count(async () => expect((await facebookLogin(token, {}, headers)).status).toBe(200))).toEqual(knownCalls);
    expect(count.waves()).toBe(3);
    // an identity claim written before claims carried the globalId: the connection is read once the profile names it,
    // and that login writes the globalId into the claim beside it (same wave), so the next one is back to three
    await db.send(new UpdateCommand({ TableName: tableName(), Key: keys.facebookIdentity(user.id), UpdateExpression: 'REMOVE globalId' }));
    const legacy = await count(async () => expect((await facebookLogin(token, {}, headers)).status).toBe(200));
    expect([...legacy].sort()).toEqual([...knownCalls, 'UpdateItemCommand'].sort());
    expect(count.waves()).toBe(4);
    const claim = await db.send(new GetCommand({ TableName: tableName(), Key: keys.facebookIdentity(user.id), ConsistentRead: true }));
    expect(typeof claim.Item?.globalId).toBe('string');
    expect(await count(async () => expect((await facebookLogin(token, {}, headers)).status).toBe(200))).toEqual(knownCalls);
    expect(count.waves()).toBe(3);
  });

  it('creates a user named by the Facebook e-mail and opens a facebook session', async () => {
    const email = uniqueUsername('fb');
    const { token, user } = facebookUser(email);
    const response = await facebookLogin(token, { fb_access_token_expires: '3600' });
    expect(response.status).toBe(200);
    const { session_info: session, user_info: info } = response.json.results;
    expect(session).toMatchObject({ session_auth_method: 'facebook', session_username: email, session_key: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(info).toMatchObject({ username: email, first_name: 'Fay', last_name: 'Book', global_id: expect.stringMatching(/^[A-Z]{2}\d{4}$/) });
    expect(await db.send(new GetCommand({ TableName: tableName(), Key: keys.facebookIdentity(user.id) }))).toMatchObject({
      Item: { userId: info.user_id },
    });
    const asked = graph.requests.at(-1);
    expect(asked?.pathname).toBe('/me');
    expect(asked?.searchParams.get('fields')).toBe('id,email,first_name,last_name');
    expect(asked?.searchParams.get('access_token')).toBe(token);
  });

  it('adds the user_facebook_* fields to get-login-status, as the seed shows', async () => {
    const { token, user } = facebookUser(uniqueUsername('fb'));
    const login = await facebookLogin(token, { fb_access_token_expires: 3600 });
    const { session_key: sessionKey, session_user_id: userId } = login.json.results.session_info;
    const response = await api('POST', '/auth/get-login-status', { form: true, body: { user_id: userId, session_key: sessionKey } });
    expect(response.status).toBe(200);
    const results = response.json.results;
    expect(results).toMatchObject({
      user_id: userId,
      user_facebook_id: user.id,
      user_facebook_access_token: token,
      user_facebook_access_token_expires_timestamp_utc: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      mailing_list: { mailing_list_sub_offered: false, mailing_list_subscribed: false, printed_mailing_list_subscribed: false },
      entity_code: { type: 'regular', code: expect.stringMatching(/^\d+$/) },
      result_type: 'get-login-status',
    });
    expect(results.user_facebook_access_token_expires).toBeGreaterThan(3590);
    expect(results.user_facebook_access_token_expires).toBeLessThanOrEqual(3600);
    const expiresAt = Date.parse(`${results.user_facebook_access_token_expires_timestamp_utc.replace(' ', 'T')}Z`);
    expect(Math.abs(expiresAt - (Date.now() + 3600_000))).toBeLessThan(15_000);
  });

  it('answers null token expiry fields when the client did not send fb_access_token_expires', async () => {
    const { token } = facebookUser(uniqueUsername('fb'));
    const login = await facebookLogin(token);
    const { session_key: sessionKey, session_user_id: userId } = login.json.results.session_info;
    const results = (await api('POST', '/auth/get-login-status', { body: { user_id: userId, session_key: sessionKey } })).json.results;
    expect(results.user_facebook_access_token).toBe(token);
    expect(results.user_facebook_access_token_expires).toBeNull();
    expect(results.user_facebook_access_token_expires_timestamp_utc).toBeNull();
  });

  it('finds the same user on the next login and replaces the earlier session', async () => {
    const { token } = facebookUser(uniqueUsername('fb'));
    const first = (await facebookLogin(token)).json.results.session_info;
    const second = (await facebookLogin(token)).json.results.session_info;
    expect(second.session_user_id).toBe(first.session_user_id);
    const old = await api('POST', '/auth/get-login-status', { body: { user_id: first.session_user_id, session_key: first.session_key } });
    expect(old.status).toBe(401);
  });

  it('never links to a password account that uses the same e-mail; the new user has no username', async () => {
    const existing = await registerUser();
    const { token } = facebookUser(existing.username.toUpperCase());
    const login = await facebookLogin(token);
    expect(login.status).toBe(200);
    const info = login.json.results.user_info;
    expect(info.user_id).not.toBe(existing.userId);
    expect(info.username).toBeNull();
    expect(login.json.results.session_info.session_username).toBeNull();
    const status = await api('POST', '/auth/get-login-status', {
      body: { user_id: info.user_id, session_key: login.json.results.session_info.session_key },
    });
    expect(status.json.results.username).toBeNull();
    // the password account is untouched and still signs in as itself
    const password = await loginUser(existing);
    expect(password.userId).toBe(existing.userId);
  });

  it('creates a user without username when Facebook gives no e-mail', async () => {
    const { token } = facebookUser(undefined);
    const login = await facebookLogin(token);
    expect(login.json.results.user_info.username).toBeNull();
  });

  it('opens a member session and connects the user to the app', async () => {
    const app = await seedApplication();
    const { token } = facebookUser(uniqueUsername('fb'));
    const login = await facebookLogin(token, {}, { 'x-spaaza-myprice-app-hostname': app.hostname });
    expect(login.status).toBe(200);
    const info = login.json.results.user_info;
    const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(app.appId, info.global_id) }));
    expect(Item).toMatchObject({ isActive: true, loginCount: 1, userId: info.user_id });
    const status = await api('POST', '/auth/get-login-status', {
      headers: { 'x-spaaza-myprice-app-hostname': app.hostname },
      body: { user_id: info.user_id, session_key: login.json.results.session_info.session_key },
    });
    expect(status.status).toBe(200);
    expect(status.json.results.user_facebook_id).toEqual(expect.any(String));
  });

  it('answers an invalid token with 401 invalid_facebook_token', async () => {
    const response = await facebookLogin('not-a-real-token');
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      result: { code: 2, status: 'error' },
      error: { code: 1008, name: 'invalid_facebook_token', description: expect.any(String) },
    });
  });

  it('answers 400 for a malformed fb_access_token_expires', async () => {
    const { token } = facebookUser(uniqueUsername('fb'));
    for (const expires of ['soon', '-5', '1.5']) {
      const response = await facebookLogin(token, { fb_access_token_expires: expires });
      expect(response.status).toBe(400);
      expect(response.json.error.name).toBe('invalid_parameter');
    }
  });

  it('answers a 400 that says so (never a 500) when the deployment has no Facebook app configured', async () => {
    const saved = { id: process.env.FACEBOOK_APP_ID, secret: process.env.FACEBOOK_APP_SECRET };
    delete process.env.FACEBOOK_APP_ID;
    delete process.env.FACEBOOK_APP_SECRET;
    coldContainer();
    try {
      const { token } = facebookUser(uniqueUsername('fb'));
      const response = await facebookLogin(token);
      expect(response.status).toBe(400);
      expect(response.json.error).toMatchObject({ name: 'invalid_parameter', description: expect.stringMatching(/Facebook login is not enabled/) });
    } finally {
      process.env.FACEBOOK_APP_ID = saved.id;
      process.env.FACEBOOK_APP_SECRET = saved.secret;
      coldContainer();
    }
  });

  it('answers 503 when the Graph API cannot be reached', async () => {
    const closed = await startFakeGraph();
    await closed.close();
    process.env.FACEBOOK_GRAPH_URL = closed.url;
    coldContainer();
    try {
      const response = await facebookLogin('any-token');
      expect(response.status).toBe(503);
      expect(response.json.result).toEqual({ code: 2, status: 'error' });
    } finally {
      process.env.FACEBOOK_GRAPH_URL = graph.url;
      coldContainer();
    }
  });
});

describe('Facebook names under the text hygiene of docs/security.md, Trust under abuse (through the local HTTP server)', () => {
  it('stores names NFC and drops (null) a name with controls, format characters or lone surrogates, and the login succeeds', async () => {
    const local = await startLocalApi();
    try {
      const cases: Array<[string, string, string | null, string | null]> = [
        ['Zoe\u0308', 'Bo\u0308ok', 'Zo\u00eb', 'B\u00f6ok'], // decomposed: stored composed (NFC)
        ['Fa\u200by', 'Book', null, 'Book'], // zero-width space: a format character
        ['Fay', 'Bo\u202eok', 'Fay', null], // bidi override
        ['F\u0007ay', 'B\ud800ook', null, null], // a control character, a lone surrogate
      ];
      for (const [firstName, lastName, storedFirst, storedLast] of cases) {
        facebookIds += 1;
        const token = `EAAD${facebookIds}names`;
        graph.addToken(token, { id: String(facebookIds), email: uniqueUsername('fbnames'), first_name: firstName, last_name: lastName });
        const login = await local.call('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: token } });
        expect(login.status).toBe(200);
        expect(login.json.results.user_info).toMatchObject({ first_name: storedFirst, last_name: storedLast });
        const { session_key: sessionKey, session_user_id: userId } = login.json.results.session_info;
        const status = await local.call('POST', '/auth/get-login-status', { body: { user_id: userId, session_key: sessionKey } });
        expect(status.json.results).toMatchObject({ first_name: storedFirst, last_name: storedLast });
      }
    } finally {
      await local.close();
    }
  });
});
