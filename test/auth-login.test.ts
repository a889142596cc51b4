import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import { countConnections } from './support/connection-count.js';
import { keys } from '../lib/entities/keys.js';
import { api } from './support/api.js';
import { defaultPassword, loginUser, registerUser, seedApplication, uniqueUsername } from './support/accounts.js';

const loginFailed = {
  result: { code: 2, status: 'error' },
  error: { code: 1006, name: 'login_failed', description: expect.any(String) },
};

async function getItem(key: { pk: string; sk: string }) {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item;
}

async function loginStatus(userId: number, sessionKey: string, hostname?: string) {
  return api('POST', '/auth/get-login-status', {
    headers: hostname ? { 'x-spaaza-myprice-app-hostname': hostname } : {},
    body: { user_id: userId, session_key: sessionKey },
  });
}

describe('POST /auth/login', () => {
  it('opens an admin session without the hostname header and sets the admin cookie', async () => {
    const user = await registerUser({ first_name: 'Sam', gender: 'male' });
    const response = await api('POST', '/auth/login', { headers: { 'x-signet-portal': '1' }, body: { username: user.username, password: user.password } });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      result: { code: 1, status: 'ok' },
      results: {
        result_type: 'login',
        session_info: {
          session_key: expect.stringMatching(/^[0-9a-f]{64}$/),
          session_key_validity: '336',
          session_auth_method: 'password',
          session_user_id: user.userId,
          session_username: user.username,
          session_expires_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        },
        user_info: { ...user.userInfo, first_name: 'Sam', gender: 'M' },
      },
    });
    const expires = Date.parse(`${response.json.results.session_info.session_expires_date.replace(' ', 'T')}Z`);
    expect(Math.round((expires - Date.now()) / 3600_000)).toBe(336);
    const cookie = response.headers['set-cookie'];
    expect(cookie).toContain(`signet_session=${user.userId}.${response.json.results.session_info.session_key}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('stores only the SHA-256 of the session key, with a ttl in epoch seconds', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(session.sessionKey).digest('hex');
    const item = await getItem(keys.session(user.userId, hash));
    expect(item).toMatchObject({ type: 'session', scope: 'ADMIN', userId: user.userId, authMethod: 'password' });
    expect(JSON.stringify(item)).not.toContain(session.sessionKey);
    expect(item?.ttl).toBe(Math.floor(Date.parse(item?.expiresAt) / 1000));
  });

  it('accepts a form body', async () => {
    const user = await registerUser();
    const response = await api('POST', '/auth/login', { form: true, body: { username: user.username, password: user.password } });
    expect(response.status).toBe(200);
    expect(response.json.results.session_info.session_user_id).toBe(user.userId);
  });

  it('matches the username case-insensitively', async () => {
    const user = await registerUser();
    const response = await api('POST', '/auth/login', { body: { username: user.username.toUpperCase(), password: user.password } });
    expect(response.status).toBe(200);
  });

  it('answers unknown username and wrong password with the same error', async () => {
    const user = await registerUser();
    const wrong = await api('POST', '/auth/login', { body: { username: user.username, password: 'wrong password' } });
    const unknown = await api('POST', '/auth/login', { body: { username: uniqueUsername(), password: 'wrong password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(loginFailed);
    expect(unknown.json).toEqual(wrong.json);
  });

  it.each([
    [{ password: defaultPassword }, 'username'],
    [{ username: 'a@example.com' }, 'password'],
    [{ username: '', password: '' }, 'username'],
    [{ auth_method: 'facebook' }, 'fb_access_token'],
  ])('answers 400 missing_parameter for %j', async (body, path) => {
    const response = await api('POST', '/auth/login', { body });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 1002, name: 'missing_parameter' });
    expect(response.json.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers 400 for an unknown auth_method', async () => {
    const response = await api('POST', '/auth/login', { body: { auth_method: 'magic', username: 'a@example.com', password: 'x' } });
    expect(response.status).toBe(400);
    expect(response.json.error.name).toBe('invalid_parameter');
  });

  it('answers 400 code 269 no_myprice_app for an unknown or empty hostname', async () => {
    const user = await registerUser();
    for (const hostname of ['nowhere.example.com', '']) {
      const response = await api('POST', '/auth/login', {
        headers: { 'x-spaaza-myprice-app-hostname': hostname },
        body: { username: user.username, password: user.password },
      });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        result: { code: 2, status: 'error' },
        error: { code: 269, name: 'no_myprice_app', description: expect.any(String) },
      });
    }
  });

  describe('member sessions', () => {
    it('creates the connection on the first login and counts later ones', async () => {
      const app = await seedApplication();
      const user = await registerUser({ first_name: 'Ada', last_name: 'Lovelace' });
      const first = await loginUser({ ...user, hostname: app.hostname.toUpperCase() });
      expect(first.cookie).toBeUndefined();
      const connection = await getItem(keys.connection(app.appId, user.globalId));
      expect(connection).toMatchObject({
        type: 'connection',
        appId: app.appId,
        globalId: user.globalId,
        userId: user.userId,
        isActive: true,
        loginCount: 1,
        email: user.username,
        firstName: 'Ada',
        lastName: 'Lovelace',
        statusVersion: 0,
        syncedStatuses: [],
      });
      expect(connection?.lastSession).toBe(connection?.joinedAt);
      expect(await getItem(keys.connectionIdPointer(app.appId, connection?.connectionId))).toMatchObject({
        type: 'connectionIdPointer',
        globalId: user.globalId,
      });
      expect(await countConnections(app.appId)).toBe(1);

      await loginUser({ ...user, hostname: app.hostname });
      const again = await getItem(keys.connection(app.appId, user.globalId));
      expect(again).toMatchObject({ loginCount: 2, connectionId: connection?.connectionId, joinedAt: connection?.joinedAt });
      expect(await countConnections(app.appId)).toBe(1);
    });

    it('reactivates an inactive connection', async () => {
      const app = await seedApplication();
      const user = await registerUser();
      await loginUser({ ...user, hostname: app.hostname });
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.connection(app.appId, user.globalId),
          UpdateExpression: 'SET isActive = :false',
          ExpressionAttributeValues: { ':false': false },
        }),
      );
      await loginUser({ ...user, hostname: app.hostname });
      expect(await getItem(keys.connection(app.appId, user.globalId))).toMatchObject({ isActive: true, loginCount: 2 });
    });

    it('counts one connection when first logins race', async () => {
      const app = await seedApplication();
      const user = await registerUser();
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => loginUser({ ...user, hostname: app.hostname })));
      expect(results).toHaveLength(5);
      expect(await getItem(keys.connection(app.appId, user.globalId))).toMatchObject({ loginCount: 5 });
      expect(await countConnections(app.appId)).toBe(1);
    });
  });

  describe('session replacement', () => {
    it('ends the earlier session of the same scope and keeps other scopes', async () => {
      const app = await seedApplication();
      const user = await registerUser();
      const admin1 = await loginUser(user);
      const member1 = await loginUser({ ...user, hostname: app.hostname });
      const admin2 = await loginUser(user);

      expect((await loginStatus(user.userId, admin1.sessionKey)).status).toBe(401);
      expect((await loginStatus(user.userId, admin2.sessionKey)).status).toBe(200);
      expect((await loginStatus(user.userId, member1.sessionKey, app.hostname)).status).toBe(200);

      const member2 = await loginUser({ ...user, hostname: app.hostname });
      expect((await loginStatus(user.userId, member1.sessionKey, app.hostname)).status).toBe(401);
      expect((await loginStatus(user.userId, member2.sessionKey, app.hostname)).status).toBe(200);
      expect((await loginStatus(user.userId, admin2.sessionKey)).status).toBe(200);
    });
  });

  describe('throttling', () => {
    const fail = (username: string) => api('POST', '/auth/login', { body: { username, password: 'not the password' } });

    it('locks a username after 5 failures until the window passes', async () => {
      const user = await registerUser();
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await fail(user.username)).status).toBe(401);
      const locked = await api('POST', '/auth/login', { body: { username: user.username.toUpperCase(), password: user.password } });
      expect(locked.status).toBe(429);
      expect(locked.json).toEqual({
        result: { code: 2, status: 'error' },
        error: { code: 1007, name: 'login_throttled', description: expect.any(String) },
      });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

      // the window passes
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.loginFailures(user.username, '127.0.0.1'),
          UpdateExpression: 'SET windowEndsAt = :past',
          ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
        }),
      );
      expect((await api('POST', '/auth/login', { body: { username: user.username, password: user.password } })).status).toBe(200);
    });

    it('throttles unknown usernames the same way (no enumeration)', async () => {
      const username = uniqueUsername();
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await fail(username)).json).toEqual(loginFailed);
      expect((await fail(username)).status).toBe(429);
    });

    it('resets the counter on a successful login', async () => {
      const user = await registerUser();
      for (let attempt = 0; attempt < 4; attempt += 1) await fail(user.username);
      await loginUser(user);
      expect(await getItem(keys.loginFailures(user.username, '127.0.0.1'))).toBeUndefined();
      for (let attempt = 0; attempt < 4; attempt += 1) expect((await fail(user.username)).status).toBe(401);
      expect((await api('POST', '/auth/login', { body: { username: user.username, password: user.password } })).status).toBe(200);
    });

    it('gives the throttle counter a ttl', async () => {
      const username = uniqueUsername();
      await fail(username);
      const item = await getItem(keys.loginFailures(username, '127.0.0.1'));
      expect(item).toMatchObject({ failures: 1 });
      expect(item?.ttl).toBeGreaterThan(Date.now() / 1000);
    });
  });
});
