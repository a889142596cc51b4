import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../lib/db/client.js';
import { tableName } from '../lib/db/table-name.js';
import { keys } from '../lib/entities/keys.js';
import { api } from './support/api.js';
import { loginUser, registerUser, seedApplication } from './support/accounts.js';
import { dynamoCallRecorder } from './support/dynamo-calls.js';
import { connectUser, createTestApp, patchStatus } from './support/status-sync.js';

/** DynamoDB calls and sequential waves per request (docs/performance.md, "Round trips per endpoint"). Counts, never timings. */
const count = dynamoCallRecorder();

describe('DynamoDB round trips', () => {
  it('get-login-status by user_id: one BatchGetItem (member, admin and invalid)', async () => {
    const app = await seedApplication();
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    const admin = await loginUser(user);
    const headers = { 'x-spaaza-myprice-app-hostname': app.hostname };

    expect(await count(() => api('POST', '/auth/get-login-status', { headers, body: { user_id: user.userId, session_key: member.sessionKey } }))).toEqual(['BatchGetItemCommand']);
    expect(await count(() => api('POST', '/auth/get-login-status', { body: { user_id: user.userId, session_key: admin.sessionKey } }))).toEqual(['BatchGetItemCommand']);
    expect(await count(() => api('POST', '/auth/get-login-status', { headers, body: { user_id: user.userId, session_key: 'e'.repeat(64) } }))).toEqual(['BatchGetItemCommand']);
    expect(
      await count(() =>
        api('POST', '/auth/get-login-status', { headers, body: { user_id: user.userId, username: user.username, session_key: member.sessionKey } }),
      ),
    ).toEqual(['BatchGetItemCommand']);
    expect(count.waves()).toBe(1);
  });

  it('get-login-status with X-Signet-Include-Status: true: one more round trip (a GetItem), only when asked', async () => {
    const app = await createTestApp();
    const user = await connectUser(app);
    const granted = await patchStatus(app, user.globalId, { status: 'PRO', variantName: 'Pro', duration: 'MONTH' });
    expect(granted.status).toBe(200);
    const member = await loginUser({ ...user, hostname: app.hostname });
    const body = { user_id: user.userId, session_key: member.sessionKey };
    const headers = { 'x-spaaza-myprice-app-hostname': app.hostname, 'x-signet-include-status': 'true' };
    let answer: Awaited<ReturnType<typeof api>> | undefined;
    expect(await count(async () => (answer = await api('POST', '/auth/get-login-status', { headers, body })))).toEqual(['BatchGetItemCommand', 'GetItemCommand']);
    expect(count.waves()).toBe(2);
    expect(answer?.json.results.signet_status).toEqual({ status: 'PRO', expiresAt: granted.json.license.expiresAt });
    expect(await count(() => api('POST', '/auth/get-login-status', { headers: { ...headers, 'x-signet-include-status': 'false' }, body }))).toEqual(['BatchGetItemCommand']);
  });

  it('get-login-status by username: two BatchGetItems (+1 UpdateItem counting a failure), known or not; a malformed key: none', async () => {
    const app = await seedApplication();
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    const headers = { 'x-spaaza-myprice-app-hostname': app.hostname };
    expect(await count(() => api('POST', '/auth/get-login-status', { headers, body: { username: user.username, session_key: member.sessionKey } }))).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
    ]);
    // An unknown username reads as much as a known one (issue 21), and the failed check is counted per source IP.
    expect(await count(() => api('POST', '/auth/get-login-status', { body: { username: 'nobody@example.com', session_key: 'f'.repeat(64) } }))).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'UpdateItemCommand',
    ]);
    expect(await count(() => api('POST', '/auth/get-login-status', { body: { user_id: 5, session_key: 'short' } }))).toEqual([]);
  });

  it('logout: one DeleteItem; add-user: one transaction', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    expect(await count(() => api('DELETE', '/auth/logout', { headers: session.headers }))).toEqual(['DeleteItemCommand']);
    expect(await count(() => registerUser())).toEqual(['TransactWriteItemsCommand']);
  });

  it('login: admin five calls, member six, both in three waves besides the KDF: the two failure reservations come with the first read (docs/security.md, Throttling), the connection with the profile', async () => {
    const app = await seedApplication();
    const user = await registerUser();
    const reserve = ['UpdateItemCommand', 'UpdateItemCommand']; // (username, IP) and IP, in parallel with the claims, before the password check
    expect(await count(() => loginUser(user))).toEqual(['BatchGetItemCommand', ...reserve, 'QueryCommand', 'TransactWriteItemsCommand']);
    expect(count.waves()).toBe(3);
    // the username claim carries the globalId: the connection's GetItem goes out with the profile's Query
    const memberCalls = ['BatchGetItemCommand', ...reserve, 'QueryCommand', 'GetItemCommand', 'TransactWriteItemsCommand'];
    expect(await count(() => loginUser({ ...user, hostname: app.hostname }))).toEqual(memberCalls);
    expect(count.waves()).toBe(3);
    expect(await count(() => loginUser({ ...user, hostname: app.hostname }))).toEqual(memberCalls);
    expect(count.waves()).toBe(3);
    // a claim written before claims carried the globalId: the connection is read once the profile names it (during scrypt)
    await db.send(new UpdateCommand({ TableName: tableName(), Key: keys.usernameClaim(user.username), UpdateExpression: 'REMOVE globalId' }));
    // ... and that login writes the globalId into the claim beside its transaction (same wave), so the next one is back to three
    expect(await count(() => loginUser({ ...user, hostname: app.hostname }))).toEqual([...memberCalls.slice(0, -1), 'UpdateItemCommand', 'TransactWriteItemsCommand']);
    expect(count.waves()).toBe(4);
    expect(await count(() => loginUser({ ...user, hostname: app.hostname }))).toEqual(memberCalls);
    expect(count.waves()).toBe(3);
    // a failure keeps its reservation: nothing is written after the password check
    const failed = await count(() => api('POST', '/auth/login', { body: { username: user.username, password: 'wrong password' } }));
    expect(failed).toEqual(['BatchGetItemCommand', ...reserve, 'QueryCommand']);
    expect(count.waves()).toBe(2);
    // an unknown hostname checks no password: the reservations are given back
    const noApp = await count(() => api('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': 'nowhere.example' }, body: { username: user.username, password: user.password } }));
    expect(noApp).toEqual(['BatchGetItemCommand', ...reserve, ...reserve]);
    expect(count.waves()).toBe(2);
  });
});
