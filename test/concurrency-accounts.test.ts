import { config } from '../lib/config.js';
import { keys } from '../lib/entities/keys.js';
import { countConnections } from './support/connection-count.js';
import { hashSessionKey } from '../lib/sessions/session-key.js';
import { api, type ApiResult } from './support/api.js';
import { createAdminSession, defaultPassword, loginUser, registerUser, uniqueUsername } from './support/accounts.js';
import { createApplication } from './support/applications.js';
import { ofType, scanItems, type StoredItem } from './support/table-scan.js';

/**
 * Accounts and sessions under parallel requests. Each test fires its requests at once
 * and then checks what the TABLE holds, not only what was answered: uniqueness is kept
 * by conditional writes inside one transaction, so losers leave nothing behind.
 */

const statuses = (responses: ApiResult[]) => responses.map((response) => response.status).sort();
const count = (values: number[], value: number) => values.filter((candidate) => candidate === value).length;

function claimsOf(items: StoredItem[], type: string, userIds: Set<unknown>) {
  return ofType(items, type).filter((claim) => userIds.has(claim.userId));
}

describe('parallel registrations', () => {
  it('of one username (any letter case): one 200, the rest 409 username_taken, one user and no orphan claims', async () => {
    const username = uniqueUsername('race');
    const variants = Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? username : username.toUpperCase()));
    const responses = await Promise.all(variants.map((name) => api('POST', '/auth/add-user', { body: { username: name, password: defaultPassword } })));

    expect(statuses(responses)).toEqual([200, ...Array(9).fill(409)]);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.json.error).toMatchObject({ code: 1005, name: 'username_taken' });
    }
    const winner = responses.find((response) => response.status === 200)!.json.results.user_info;

    const items = await scanItems();
    const users = ofType(items, 'user').filter((user) => String(user.username).toLowerCase() === username.toLowerCase());
    expect(users.map((user) => user.userId)).toEqual([winner.user_id]);
    const usernameClaims = ofType(items, 'usernameClaim').filter((claim) => claim.pk === keys.usernameClaim(username).pk);
    expect(usernameClaims.map((claim) => claim.userId)).toEqual([winner.user_id]);
    // Every identifier claim belongs to a stored user: the losers' transactions wrote nothing.
    const userIds = new Set(ofType(items, 'user').map((user) => user.userId));
    for (const type of ['usernameClaim', 'globalIdClaim', 'entityCodeClaim']) {
      const claims = ofType(items, type);
      expect(claimsOf(items, type, userIds)).toHaveLength(claims.length);
    }
    expect(ofType(items, 'globalIdClaim')).toHaveLength(userIds.size);
    expect(ofType(items, 'entityCodeClaim')).toHaveLength(userIds.size);
  });

  it('of different usernames: all succeed with distinct identifiers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => api('POST', '/auth/add-user', { body: { username: uniqueUsername('many'), password: defaultPassword } })),
    );
    expect(statuses(responses)).toEqual(Array(12).fill(200));
    const infos = responses.map((response) => response.json.results.user_info);
    for (const field of ['user_id', 'global_id']) expect(new Set(infos.map((info) => info[field])).size).toBe(12);
    expect(new Set(infos.map((info) => info.entity_code.code)).size).toBe(12);
  });
});

describe('parallel member logins', () => {
  const memberLogin = (user: { username: string; password: string }, hostname: string) =>
    api('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': hostname }, body: { username: user.username, password: user.password } });

  it('of one user to one app: one connection and one pointer, the connection counter +1, every login counted', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    const logins = config().LOGIN_FAILURE_LIMIT; // more in flight at once from one address would be refused (docs/security.md, Throttling)
    const responses = await Promise.all(Array.from({ length: logins }, () => memberLogin(user, app.hostname)));
    expect(statuses(responses)).toEqual(Array(logins).fill(200));

    const items = await scanItems();
    const connections = ofType(items, 'connection').filter((item) => item.appId === app.appId);
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ globalId: user.globalId, isActive: true, loginCount: logins });
    const pointers = ofType(items, 'connectionIdPointer').filter((item) => item.pk === keys.application(app.appId).pk);
    expect(pointers).toHaveLength(1);
    expect(pointers[0]!.sk).toBe(keys.connectionIdPointer(app.appId, String(connections[0]!.connectionId)).sk);
    expect(await countConnections(app.appId)).toBe(1);

    // Racing logins cannot see each other's new sessions; the next login ends all of them.
    const memberSessions = () =>
      scanItems().then((all) => ofType(all, 'session').filter((session) => session.userId === user.userId && session.scope === app.appId));
    expect((await memberSessions()).length).toBeLessThanOrEqual(logins);
    const last = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    expect(await memberSessions()).toHaveLength(1);
    expect((await memberSessions())[0]!.sk).toBe(keys.session(user.userId, hashSessionKey(last.sessionKey)).sk);
  });

  it('of many users to one app: the connection counter counts every new connection, none lost', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const users = await Promise.all(Array.from({ length: 6 }, () => registerUser()));
    const responses = await Promise.all(users.flatMap((user) => [memberLogin(user, app.hostname), memberLogin(user, app.hostname)]));
    expect(statuses(responses)).toEqual(Array(12).fill(200));

    const items = await scanItems();
    expect(ofType(items, 'connection').filter((item) => item.appId === app.appId)).toHaveLength(6);
    expect(ofType(items, 'connectionIdPointer').filter((item) => item.pk === keys.application(app.appId).pk)).toHaveLength(6);
    expect(await countConnections(app.appId)).toBe(6);
  });
});

describe('parallel failed logins', () => {
  it('check at most LOGIN_FAILURE_LIMIT passwords (reserved before the check); the lock then holds even for the right password', async () => {
    const user = await registerUser();
    const attempts = 10;
    const responses = await Promise.all(
      Array.from({ length: attempts }, () => api('POST', '/auth/login', { body: { username: user.username, password: 'wrong password!' } })),
    );
    const answered = responses.map((response) => response.status);
    expect(count(answered, 401) + count(answered, 429)).toBe(attempts);
    expect(count(answered, 401)).toBe(config().LOGIN_FAILURE_LIMIT);

    const throttle = (await scanItems()).find((item) => item.pk === keys.loginFailures(user.username, '127.0.0.1').pk);
    expect(throttle?.failures).toBe(count(answered, 401));

    const right = await api('POST', '/auth/login', { body: { username: user.username, password: user.password } });
    expect(right.status).toBe(429);
    expect(right.json.error.name).toBe('login_throttled');
  });
});

describe('parallel logouts', () => {
  it('of one session end it for good: no session item left, the key refused afterwards', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    const responses = await Promise.all(Array.from({ length: 6 }, () => api('DELETE', '/auth/logout', { headers: session.headers })));
    // DynamoDB hands the deleted item to one deleter (the others answer 401); DynamoDB Local may hand it to several.
    for (const response of responses) expect([200, 401]).toContain(response.status);
    expect(responses.some((response) => response.status === 200)).toBe(true);
    expect(ofType(await scanItems(), 'session').filter((item) => item.userId === user.userId)).toHaveLength(0);
    expect((await api('DELETE', '/auth/logout', { headers: session.headers })).status).toBe(401);
    const status = await api('POST', '/auth/get-login-status', { body: { user_id: user.userId, session_key: session.sessionKey } });
    expect(status.status).toBe(401);
  });
});
