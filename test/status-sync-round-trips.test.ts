import { clearCredentialCache } from './support/settings.js';
import { api } from './support/api.js';
import { basicAuth, connectUser, countDynamoCalls, createTestApp, getStatus, patchStatus, statusPath, type TestApp } from './support/status-sync.js';

/**
 * DynamoDB round trips per request (docs/performance.md), counted by a middleware on
 * the shared client. No timing assertions: latency belongs to `npm run bench`.
 */

let app: TestApp;
let globalId: string;
let calls: ReturnType<typeof countDynamoCalls>;

beforeAll(async () => {
  app = await createTestApp();
  globalId = (await connectUser(app)).globalId;
  await getStatus(app, globalId); // a warm container: the credential is cached
  calls = countDynamoCalls();
});

beforeEach(() => calls.reset());
afterAll(() => calls.stop());

describe('round trips with a warm credential', () => {
  it('grant with a new variant: one BatchGetItem and one TransactWriteItems', async () => {
    expect((await patchStatus(app, globalId, { status: 'PRO', duration: 'MONTH' })).json.variant.created).toBe(true);
    expect(calls.counts).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('grant reusing the variant and license: the same', async () => {
    expect((await patchStatus(app, globalId, { status: 'pro' })).json.license.reused).toBe(true);
    expect(calls.counts).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('grant superseding another status: the same', async () => {
    expect((await patchStatus(app, globalId, { status: 'TEAM' })).json.supersededLicenseIds).toHaveLength(1);
    expect(calls.counts).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('revoke: one BatchGetItem (connection + app) and one TransactWriteItems; unchanged: one BatchGetItem', async () => {
    expect((await patchStatus(app, globalId, { revoke: true })).json.action).toBe('revoked');
    expect(calls.counts).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    calls.reset();
    expect((await patchStatus(app, globalId, { status: 'FREE' })).json.action).toBe('unchanged');
    expect(calls.counts).toEqual({ BatchGetItem: 1 });
  });

  it('current status: one BatchGetItem (connection + app) and one Query, sent in parallel', async () => {
    expect((await getStatus(app, globalId)).status).toBe(200);
    expect(calls.counts).toEqual({ BatchGetItem: 1, Query: 1 });
  });

  it('current logins page: one Query and one BatchGetItem (app + counter shards), sent in parallel', async () => {
    expect((await api('GET', `/api/applications/${app.appId}/users`, { headers: app.auth })).status).toBe(200);
    expect(calls.counts).toEqual({ Query: 1, BatchGetItem: 1 });
  });

  it('refusals before the use case touch nothing', async () => {
    await api('PATCH', statusPath(app.appId, globalId), { body: { status: 'PRO' } }); // 401 unauthorized
    await api('PATCH', statusPath(app.appId, globalId), { headers: basicAuth('app_other', 'x'), body: { status: 'PRO' } }); // 403
    await patchStatus(app, globalId, {}); // 400
    await patchStatus(app, 'not-a-global-id', { status: 'PRO' }); // 404 without a read
    expect(calls.total()).toBe(0);
  });
});

describe('round trips with a cold credential', () => {
  it('adds the secrets Query and the lastUsedAt update (sent in parallel with the use case)', async () => {
    clearCredentialCache();
    expect((await getStatus(app, globalId)).status).toBe(200);
    expect(calls.counts).toEqual({ Query: 2, BatchGetItem: 1, UpdateItem: 1 });
  });

  it('a wrong secret costs one Query and one failure count (docs/security.md, Throttling); an id that cannot be an appId none', async () => {
    expect((await api('GET', statusPath(app.appId, globalId), { headers: basicAuth(app.appId, 'wrong') })).status).toBe(401);
    expect(calls.counts).toEqual({ Query: 1, UpdateItem: 1 });
    calls.reset();
    expect((await api('GET', statusPath('nope', globalId), { headers: basicAuth('nope', 'wrong') })).status).toBe(401);
    expect(calls.total()).toBe(0);
  });
});
