import { api } from './support/api.js';
import { loginUser, registerUser, seedApplication } from './support/accounts.js';
import { dynamoCallRecorder } from './support/dynamo-calls.js';
import { connectUser, createTestApp, patchStatus } from './support/status-sync.js';

/** DynamoDB calls per request (docs/performance.md, "Round trips per endpoint"). Counts, never timings. */
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

  it('login: admin five calls, member six (first or later login): the two failure reservations come first (docs/security.md, Throttling)', async () => {
    const app = await seedApplication();
    const user = await registerUser();
    const reserve = ['UpdateItemCommand', 'UpdateItemCommand']; // (username, IP) and IP, in parallel, before the password check
    expect(await count(() => loginUser(user))).toEqual(['BatchGetItemCommand', ...reserve, 'QueryCommand', 'TransactWriteItemsCommand']);
    const memberCalls = ['BatchGetItemCommand', ...reserve, 'QueryCommand', 'GetItemCommand', 'TransactWriteItemsCommand'];
    expect(await count(() => loginUser({ ...user, hostname: app.hostname }))).toEqual(memberCalls);
    expect(await count(() => loginUser({ ...user, hostname: app.hostname }))).toEqual(memberCalls);
    // a failure keeps its reservation: nothing is written after the password check
    const failed = await count(() => api('POST', '/auth/login', { body: { username: user.username, password: 'wrong password' } }));
    expect(failed).toEqual(['BatchGetItemCommand', ...reserve, 'QueryCommand']);
  });
});
