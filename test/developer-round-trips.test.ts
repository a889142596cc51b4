import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication, uniqueHostname } from './support/applications.js';
import { dynamoCallRecorder } from './support/dynamo-calls.js';

/**
 * DynamoDB calls per developer request (docs/performance.md). Counts, never timings.
 * Every request starts with the admin-session GetItem.
 */
const record = dynamoCallRecorder();

/** Sequential waves of the last counted request (calls in flight together are one). */
const waves = () => record.waves();

async function count(call: () => Promise<{ status: number }>, status = 200): Promise<string[]> {
  const commands = await record(async () => expect((await call()).status).toBe(status));
  return commands.sort();
}

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

describe('developer API round trips', () => {
  it('applications and client secrets: authentication + one call (create: + the owner counter)', async () => {
    const headers = admin.headers;
    const created = await count(
      () => api('POST', '/api/developer/applications', { headers, body: { name: 'Counted', hostnames: [uniqueHostname()] } }),
      201,
    );
    // The session, the owner's application counter (missing for a first app, so it is set from a
    // Query of the owner's applications: the cap holds for data older than the counter), one transaction.
    expect(created).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand', 'TransactWriteItemsCommand']);
    const again = await count(
      () => api('POST', '/api/developer/applications', { headers, body: { name: 'Counted again', hostnames: [uniqueHostname()] } }),
      201,
    );
    expect(again).toEqual(['GetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    const app = await createApplication(headers);
    const base = `/api/developer/applications/${app.appId}`;
    expect(await count(() => api('GET', base, { headers }))).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(waves()).toBe(1); // the session is read alongside the app
    let secretId = '';
    expect(
      await count(async () => {
        const response = await api('POST', `${base}/client-secrets`, { headers });
        secretId = response.json.secretId;
        return response;
      }, 201),
    ).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    expect(await count(() => api('DELETE', `${base}/client-secrets/${secretId}`, { headers }))).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
  });

  it('variants: create in one transaction, list in one parallel round', async () => {
    const app = await createApplication(admin.headers);
    const path = `/api/developer/applications/${app.appId}/licenses/variants`;
    expect(await count(() => api('POST', path, { headers: admin.headers, body: { name: 'Counted' } }), 201)).toEqual([
      'GetItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expect(await count(() => api('GET', path, { headers: admin.headers }))).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand']);
    expect(waves()).toBe(1);
  });

  it('connected users page and readiness report: one parallel round after authentication', async () => {
    const app = await createApplication(admin.headers);
    const member = await registerUser();
    await loginUser({ username: member.username, password: member.password, hostname: app.hostname });
    const base = `/api/developer/applications/${app.appId}`;
    expect(await count(() => api('GET', `${base}/users`, { headers: admin.headers }))).toEqual(['BatchGetItemCommand', 'GetItemCommand', 'QueryCommand']);
    expect(waves()).toBe(1);
    expect(await count(() => api('POST', `${base}/status-sync-api/test`, { headers: admin.headers }))).toEqual([
      'GetItemCommand',
      'QueryCommand',
      'QueryCommand',
    ]);
  });

  it('read routes answer nothing before the session is proven: a bad session is 401 whatever the data read found', async () => {
    const app = await createApplication(admin.headers);
    const stranger = await createAdminSession();
    const forged = { ...admin.headers, 'x-spaaza-session-key': 'a'.repeat(64) };
    for (const path of [`/api/developer/applications/${app.appId}`, `/api/developer/applications/${app.appId}/licenses/variants`, '/api/developer/applications']) {
      expect(await count(() => api('GET', path, { headers: forged }), 401)).not.toEqual([]);
    }
    expect(await count(() => api('GET', `/api/developer/applications/${app.appId}/users`, { headers: forged }), 401)).not.toEqual([]);
    expect(await count(() => api('GET', '/api/developer/applications/app_doesnotexist', { headers: forged }), 401)).not.toEqual([]);
    // someone else's session: their own data read, the app is not theirs (404), but only once proven
    expect(await count(() => api('GET', `/api/developer/applications/${app.appId}`, { headers: stranger.headers }), 404)).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(waves()).toBe(1);
  });

  it('the applications list: the pointers alongside the session, then the apps', async () => {
    await createApplication(admin.headers);
    const calls = await count(() => api('GET', '/api/developer/applications', { headers: admin.headers }));
    expect(calls).toContain('GetItemCommand');
    expect(waves()).toBe(2);
  });
});
