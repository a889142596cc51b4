import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import { keys } from '../lib/entities/keys.js';
import { api } from './support/api.js';
import { loginUser, registerUser, seedApplication, type RegisteredUser } from './support/accounts.js';

const path = '/auth/get-login-status';
const hostHeader = (hostname: string) => ({ 'x-spaaza-myprice-app-hostname': hostname });
const noValidSession = {
  result: { code: 2, status: 'error' },
  error: { code: 6, name: 'no_valid_session', description: expect.any(String) },
};

let app: { appId: string; hostname: string };
let otherApp: { appId: string; hostname: string };
let user: RegisteredUser;

beforeAll(async () => {
  app = await seedApplication();
  otherApp = await seedApplication();
  user = await registerUser({ first_name: 'Sam', last_name: 'test56767', gender: 'male', birthday: '1982-05-21' });
});

async function expireSession(userId: number, sessionKey: string) {
  const hash = createHash('sha256').update(sessionKey).digest('hex');
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.session(userId, hash),
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
    }),
  );
}

describe('POST /auth/get-login-status', () => {
  it('answers a valid member session exactly as the seed shows', async () => {
    const session = await loginUser({ ...user, hostname: app.hostname });
    const response = await api('POST', path, {
      headers: hostHeader(app.hostname),
      body: { username: user.username, session_key: session.sessionKey },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      result: { code: 1, status: 'ok' },
      results: {
        id: user.userId,
        user_id: user.userId,
        first_name: 'Sam',
        last_name: 'test56767',
        gender: 'M',
        birthday: '1982-05-21',
        username: user.username,
        mailing_list: { mailing_list_sub_offered: false, mailing_list_subscribed: false, printed_mailing_list_subscribed: false },
        entity_code: { type: 'regular', code: user.userInfo.entity_code.code },
        global_id: user.globalId, // Signet's addition: the id status sync takes (Spaaza clients ignore it)
        result_type: 'get-login-status',
      },
    });
    expect(Object.keys(response.json.results)).toEqual([
      'id', 'user_id', 'first_name', 'last_name', 'gender', 'birthday', 'username', 'mailing_list', 'entity_code', 'global_id', 'result_type',
    ]);
  });

  it('adds signet_status only when asked with X-Signet-Include-Status: true (null until a status is granted)', async () => {
    const session = await loginUser({ ...user, hostname: app.hostname });
    const body = { user_id: user.userId, session_key: session.sessionKey };
    const plain = await api('POST', path, { headers: hostHeader(app.hostname), body });
    expect(plain.json.results).not.toHaveProperty('signet_status');
    const asked = await api('POST', path, { headers: { ...hostHeader(app.hostname), 'X-Signet-Include-Status': 'true' }, body });
    expect(asked.status).toBe(200);
    expect(asked.json.results).toMatchObject({ global_id: user.globalId, signet_status: null });
    // An admin session has no application: null as well.
    const admin = await loginUser(user);
    const adminAsked = await api('POST', path, { headers: { 'X-Signet-Include-Status': 'true' }, body: { user_id: user.userId, session_key: admin.sessionKey } });
    expect(adminAsked.json.results.signet_status).toBeNull();
  });

  it('accepts user_id, username or both, from JSON, form or the query string', async () => {
    const session = await loginUser({ ...user, hostname: app.hostname });
    const headers = hostHeader(app.hostname);
    const key = session.sessionKey;
    const calls = [
      api('POST', path, { headers, body: { user_id: user.userId, session_key: key } }),
      api('POST', path, { headers, body: { user_id: String(user.userId), username: user.username.toUpperCase(), session_key: key } }),
      api('POST', path, { headers, form: true, body: { user_id: user.userId, session_key: key } }),
      api('POST', path, { headers, form: true, body: { username: user.username, session_key: key } }),
      api('POST', path, { headers, query: { user_id: String(user.userId), session_key: key } }),
      api('POST', path, { headers, query: { username: user.username }, body: { session_key: key } }),
    ];
    for (const response of await Promise.all(calls)) {
      expect(response.status).toBe(200);
      expect(response.json.results.user_id).toBe(user.userId);
    }
  });

  it('answers the gender by API version', async () => {
    const other = await registerUser({ gender: 'twospirit' });
    const session = await loginUser(other);
    const ask = (version?: string) =>
      api('POST', path, {
        headers: version === undefined ? {} : { 'x-spaaza-api-version': version },
        body: { user_id: other.userId, session_key: session.sessionKey },
      });
    expect((await ask()).json.results.gender).toBe('O');
    expect((await ask('1.3.2')).json.results.gender).toBe('O');
    expect((await ask('1.4.9')).json.results.gender).toBe('O');
    expect((await ask('1.4.10')).json.results.gender).toBe('twospirit');
    expect((await ask('2.0.0')).json.results.gender).toBe('twospirit');
    for (const malformed of ['1.4.x', 'v1.4.10', '', '1']) {
      const response = await ask(malformed);
      expect(response.status).toBe(400);
      expect(response.json.error).toMatchObject({ code: 1004, name: 'invalid_api_version' });
    }
  });

  it('answers F for female before 1.4.10 and null when unset', async () => {
    const female = await registerUser({ gender: 'female' });
    const unset = await registerUser();
    for (const [who, expected] of [[female, 'F'], [unset, null]] as const) {
      const session = await loginUser(who);
      const response = await api('POST', path, { body: { user_id: who.userId, session_key: session.sessionKey } });
      expect(response.json.results.gender).toBe(expected);
      expect(response.json.results.birthday).toBeNull();
    }
  });

  describe('invalid sessions all answer the same 401 code 6', () => {
    it.each([
      ['wrong key', async () => ({ key: 'a'.repeat(64), hostname: app.hostname })],
      ['malformed key', async () => ({ key: 'not-a-key', hostname: app.hostname })],
      ['no session at all', async () => ({ key: 'b'.repeat(64), hostname: app.hostname, who: await registerUser() })],
      ['expired session', async () => {
        const session = await loginUser({ ...user, hostname: app.hostname });
        await expireSession(user.userId, session.sessionKey);
        return { key: session.sessionKey, hostname: app.hostname };
      }],
      ['logged out session', async () => {
        const session = await loginUser({ ...user, hostname: app.hostname });
        expect((await api('DELETE', '/auth/logout', { headers: session.headers })).status).toBe(200);
        return { key: session.sessionKey, hostname: app.hostname };
      }],
      ["another application's hostname", async () => {
        const session = await loginUser({ ...user, hostname: app.hostname });
        return { key: session.sessionKey, hostname: otherApp.hostname };
      }],
      ['unknown hostname', async () => {
        const session = await loginUser({ ...user, hostname: app.hostname });
        return { key: session.sessionKey, hostname: 'unknown.example.com' };
      }],
      ['username of another user', async () => {
        const session = await loginUser({ ...user, hostname: app.hostname });
        const other = await registerUser();
        return { key: session.sessionKey, hostname: app.hostname, username: other.username };
      }],
    ])('%s', async (_name, prepare) => {
      const setup: { key: string; hostname: string; who?: RegisteredUser; username?: string } = await prepare();
      const who = setup.who ?? user;
      const body: Record<string, unknown> = { user_id: who.userId, session_key: setup.key };
      if (setup.username) body.username = setup.username;
      const byId = await api('POST', path, { headers: hostHeader(setup.hostname), body });
      expect(byId.status).toBe(401);
      expect(byId.json).toEqual(noValidSession);
      if (!setup.username) {
        const byName = await api('POST', path, { headers: hostHeader(setup.hostname), body: { username: who.username, session_key: setup.key } });
        expect(byName.status).toBe(401);
        expect(byName.json).toEqual(byId.json);
      }
    });

    it('an unknown username or user id', async () => {
      const key = 'c'.repeat(64);
      const byName = await api('POST', path, { body: { username: 'nobody@example.com', session_key: key } });
      const byId = await api('POST', path, { body: { user_id: 42, session_key: key } });
      expect(byName.json).toEqual(noValidSession);
      expect(byId.json).toEqual(noValidSession);
    });
  });

  it('answers a valid member session without the hostname header with 400 code 269', async () => {
    const session = await loginUser({ ...user, hostname: app.hostname });
    const response = await api('POST', path, { body: { user_id: user.userId, session_key: session.sessionKey } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      result: { code: 2, status: 'error' },
      error: { code: 269, name: 'no_myprice_app', description: expect.any(String) },
    });
  });

  it('answers an invalid session without the hostname header with 401, not 269', async () => {
    const response = await api('POST', path, { body: { user_id: user.userId, session_key: 'd'.repeat(64) } });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(noValidSession);
  });

  it('accepts an admin session with or without any hostname header', async () => {
    const admin = await loginUser(user);
    for (const headers of [{}, hostHeader(app.hostname), hostHeader('unknown.example.com')]) {
      const response = await api('POST', path, { headers, body: { user_id: user.userId, session_key: admin.sessionKey } });
      expect(response.status).toBe(200);
      expect(response.json.results.result_type).toBe('get-login-status');
      expect(response.json.results.user_facebook_id).toBeUndefined();
    }
  });

  describe('parameters', () => {
    it.each([
      [{ session_key: 'a'.repeat(64) }, 1002, 'missing_parameter'],
      [{ user_id: 1 }, 1002, 'missing_parameter'],
      [{ user_id: 1, session_key: '' }, 1002, 'missing_parameter'],
      [{}, 1002, 'missing_parameter'],
      [{ user_id: 'abc', session_key: 'a'.repeat(64) }, 1003, 'invalid_parameter'],
      [{ user_id: '12.5', session_key: 'a'.repeat(64) }, 1003, 'invalid_parameter'],
      [{ user_id: -3, session_key: 'a'.repeat(64) }, 1003, 'invalid_parameter'],
    ])('answers 400 for %j', async (body, code, name) => {
      const response = await api('POST', path, { body });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        result: { code: 2, status: 'error' },
        error: { code, name, description: expect.any(String), issues: expect.any(Array) },
      });
    });

    it('answers 400 for a non-numeric user_id in the query string and in a form', async () => {
      expect((await api('POST', path, { query: { user_id: 'x1', session_key: 'a'.repeat(64) } })).status).toBe(400);
      expect((await api('POST', path, { form: true, body: { user_id: '1e3', session_key: 'a'.repeat(64) } })).status).toBe(400);
    });

    it('answers GET without parameters as POST (400), and 405 code 4 with Allow: POST, GET for PUT', async () => {
      const viaGet = await api('GET', path);
      expect(viaGet.status).toBe(400);
      expect(viaGet.json).toEqual((await api('POST', path)).json);
      const response = await api('PUT', path);
      expect(response.status).toBe(405);
      expect(response.json.error).toMatchObject({ code: 4, name: 'http_request_method_not_allowed' });
      expect(response.headers.allow).toBe('POST, GET');
    });
  });
});
