import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { createApplication, uniqueHostname, type CreatedTestApplication } from './support/applications.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { ofType, scanItems } from './support/table-scan.js';

/** Issue 21: what idempotency records keep, and what makes two requests the same, through the local server. */
let api: LocalApi;
let admin: AdminSession;
beforeAll(async () => {
  api = await startLocalApi();
  admin = await createAdminSession();
});
afterAll(() => api.close());

const appPath = (appId: string) => `/api/developer/applications/${appId}`;

describe('no client secret at rest', () => {
  it('a replayed secret creation shows no secret, and no idempotency record holds one', async () => {
    const app = await createApplication(admin.headers);
    const headers = { ...admin.headers, 'idempotency-key': `secret-${Date.now()}` };
    const first = await api.call('POST', `${appPath(app.appId)}/client-secrets`, { headers });
    expect(first.status).toBe(201);
    expect(first.json.clientSecret).toMatch(/^signet_cs_/);
    const replay = await api.call('POST', `${appPath(app.appId)}/client-secrets`, { headers });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json).toEqual({ ok: true, secretId: first.json.secretId, clientSecret: null, message: expect.stringContaining('cannot be shown again') });

    const createHeaders = { ...admin.headers, 'idempotency-key': `app-${Date.now()}` };
    const body = { name: 'Replayed', hostnames: [uniqueHostname('replayed')] };
    const created = await api.call('POST', '/api/developer/applications', { headers: createHeaders, body });
    expect(created.json.clientSecret).toMatch(/^signet_cs_/);
    const again = await api.call('POST', '/api/developer/applications', { headers: createHeaders, body });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toMatchObject({ ok: true, secretId: created.json.secretId, clientSecret: null, message: expect.stringContaining('cannot be shown again') });
    expect(again.json.application.appId).toBe(created.json.application.appId);

    const records = ofType(await scanItems(), 'idempotencyRecord');
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(records)).not.toContain('signet_cs_');
  });
});

describe('idempotency scope and fingerprint', () => {
  async function variant(app: CreatedTestApplication, name: string): Promise<string> {
    const response = await api.call('POST', `${appPath(app.appId)}/licenses/variants`, { headers: admin.headers, body: { name, defaultDuration: 'MONTH' } });
    expect(response.status).toBe(201);
    return response.json.variant.variantId;
  }

  it("a member's key is scoped to the app: the same key at app B is not app A's replay", async () => {
    const appA = await createApplication(admin.headers);
    const appB = await createApplication(admin.headers);
    const variantA = await variant(appA, 'Gift');
    const codes = await api.call('POST', `${appPath(appA.appId)}/licenses/codes`, { headers: admin.headers, body: { variantId: variantA, count: 1 } });
    const code: string = codes.json.codes[0].code;
    const user = await registerUser();
    const memberOf = async (app: CreatedTestApplication) => ({
      ...(await loginUser({ username: user.username, password: user.password, hostname: app.hostname })).headers,
      'x-spaaza-myprice-app-hostname': app.hostname,
      'idempotency-key': 'member-key-1',
    });
    const atA = await api.call('POST', '/api/user/licenses/redeem', { headers: await memberOf(appA), body: { code } });
    expect(atA.status).toBe(200);
    const atB = await api.call('POST', '/api/user/licenses/redeem', { headers: await memberOf(appB), body: { code } });
    expect(atB.headers['idempotent-replayed']).toBeUndefined();
    expect(atB.status).not.toBe(atA.status);
  });

  it('the query string and content type are fingerprinted: an import to another variant with the same key is refused', async () => {
    const app = await createApplication(admin.headers);
    const [v1, v2] = [await variant(app, 'One'), await variant(app, 'Two')];
    const body = `code\nGIFT-${Date.now()}-ABCDEFGHJKLMNP\n`;
    const send = (variantId: string, contentType = 'text/csv') =>
      api.call('POST', `${appPath(app.appId)}/licenses/codes/import`, { headers: { ...admin.headers, 'content-type': contentType, 'idempotency-key': 'import-key-1' }, query: { variantId }, body });
    const first = await send(v1);
    expect(first.status).toBeLessThan(300);
    expect((await send(v1)).headers['idempotent-replayed']).toBe('true');
    const other = await send(v2);
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ ok: false, error: 'idempotency_key_reused' });
    expect((await send(v1, 'text/csv; charset=utf-8')).status).toBe(422);
  });
});
