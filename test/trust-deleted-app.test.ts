import { connectUser, createTestApp, statusPath, type TestApp } from './support/status-sync.js';
import { startLocalApi, type LocalApi } from './support/http.js';

/**
 * Issue 21, "a deleted app's secret keeps working": the credential cache
 * (CREDENTIAL_CACHE_TTL_SECONDS) no longer outlives the application. Every call below runs
 * within the TTL of the credential the first calls verified, through the local server.
 */
let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

describe('a deleted application', () => {
  let app: TestApp;
  let globalId: string;

  beforeAll(async () => {
    app = await createTestApp();
    globalId = (await connectUser(app)).globalId;
  });

  it("refuses the old secret at once (401 invalid_client) for writes and reads, though the container still holds the credential", async () => {
    // Warm: the credential is verified and cached by these calls.
    expect((await api.call('PATCH', statusPath(app.appId, globalId), { headers: app.auth, body: { status: 'PRO' } })).status).toBe(200);
    expect((await api.call('GET', statusPath(app.appId, globalId), { headers: app.auth })).status).toBe(200);
    expect((await api.call('GET', `/api/applications/${app.appId}/users`, { headers: app.auth })).status).toBe(200);
    expect((await api.call('GET', `/api/applications/${app.appId}/events`, { headers: app.auth })).status).toBe(200);

    expect((await api.call('DELETE', `/api/developer/applications/${app.appId}`, { headers: app.owner.headers })).status).toBe(200);

    const grant = await api.call('PATCH', statusPath(app.appId, globalId), { headers: app.auth, body: { status: 'GOLD' } });
    expect(grant.status).toBe(401);
    expect(grant.json.error).toBe('invalid_client');
    expect(grant.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await api.call('PATCH', statusPath(app.appId, globalId), { headers: app.auth, body: { revoke: true } })).status).toBe(401);
    expect((await api.call('GET', statusPath(app.appId, globalId), { headers: app.auth })).status).toBe(401);
    expect((await api.call('GET', `/api/applications/${app.appId}/users`, { headers: app.auth })).status).toBe(401);
    expect((await api.call('GET', `/api/applications/${app.appId}/events`, { headers: app.auth })).status).toBe(401);
  });
});
