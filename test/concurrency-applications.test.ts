import { verifyClientSecret } from '../lib/applications/client-secrets.js';
import { keys } from '../lib/entities/keys.js';
import { api, type ApiResult } from './support/api.js';
import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { basicAuth, createApplication, uniqueHostname } from './support/applications.js';
import { ofType, scanItems, type StoredItem } from './support/table-scan.js';

/**
 * Applications, client secrets and connections under parallel requests; the
 * invariants are checked on the stored items afterwards. (One hostname raced by many
 * creates, concurrent variant creates and renames, and parallel grants and revokes of
 * one user are in developer-applications, developer-variants and
 * status-sync-concurrency tests.)
 */

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

const statuses = (responses: ApiResult[]) => responses.map((response) => response.status).sort();
const secretsPath = (appId: string) => `/api/developer/applications/${appId}/client-secrets`;

function secretsOf(items: StoredItem[], appId: string) {
  return ofType(items, 'clientSecret').filter((item) => item.appId === appId);
}

function applicationOf(items: StoredItem[], appId: string) {
  return ofType(items, 'application').find((item) => item.appId === appId);
}

describe('client secrets', () => {
  it('retiring every secret at once leaves exactly one, and the count matches the stored secrets', async () => {
    const app = await createApplication(admin.headers);
    const added = await Promise.all([1, 2, 3, 4].map(() => api('POST', secretsPath(app.appId), { headers: admin.headers })));
    const secretIds = [app.secretId, ...added.map((response) => response.json.secretId as string)];

    const responses = await Promise.all(secretIds.map((secretId) => api('DELETE', `${secretsPath(app.appId)}/${secretId}`, { headers: admin.headers })));
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 409]);

    const items = await scanItems();
    const remaining = secretsOf(items, app.appId);
    expect(remaining).toHaveLength(1);
    expect(applicationOf(items, app.appId)?.clientSecretCount).toBe(1);
    const kept = [app.clientSecret, ...added.map((response) => response.json.clientSecret as string)][secretIds.indexOf(String(remaining[0]!.secretId))]!;
    expect((await verifyClientSecret(app.appId, kept))?.secretId).toBe(remaining[0]!.secretId);
  });

  it('adding past the cap at once: exactly up to 10 are created, the rest 409', async () => {
    const app = await createApplication(admin.headers);
    const responses = await Promise.all(Array.from({ length: 14 }, () => api('POST', secretsPath(app.appId), { headers: admin.headers })));
    expect(statuses(responses)).toEqual([...Array(9).fill(201), ...Array(5).fill(409)]);
    const items = await scanItems();
    expect(secretsOf(items, app.appId)).toHaveLength(10);
    expect(applicationOf(items, app.appId)?.clientSecretCount).toBe(10);
  });

  it('mixed adds and retires keep clientSecretCount equal to the stored secrets, never below one', async () => {
    const app = await createApplication(admin.headers);
    const seeded = await Promise.all([1, 2, 3].map(() => api('POST', secretsPath(app.appId), { headers: admin.headers })));
    const existing = [app.secretId, ...seeded.map((response) => response.json.secretId as string)];
    const responses = await Promise.all([
      ...existing.map((secretId) => api('DELETE', `${secretsPath(app.appId)}/${secretId}`, { headers: admin.headers })),
      ...[1, 2, 3].map(() => api('POST', secretsPath(app.appId), { headers: admin.headers })),
    ]);
    for (const response of responses) expect([200, 201, 409]).toContain(response.status);
    const items = await scanItems();
    const stored = secretsOf(items, app.appId);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(applicationOf(items, app.appId)?.clientSecretCount).toBe(stored.length);
    const created = responses.filter((response) => response.status === 201).length;
    const retired = responses.filter((response) => response.status === 200).length;
    expect(stored.length).toBe(existing.length + created - retired);
  });
});

describe('applications', () => {
  it('creates racing for overlapping hostnames are all-or-nothing: every claim belongs to an app that lists it', async () => {
    const hosts = Array.from({ length: 4 }, () => uniqueHostname('overlap'));
    const hostnameSets = [
      [hosts[0]!, hosts[1]!],
      [hosts[1]!, hosts[2]!],
      [hosts[2]!, hosts[3]!],
      [hosts[3]!, hosts[0]!],
      [hosts[0]!, hosts[2]!],
      [hosts[1]!, hosts[3]!],
    ];
    const responses = await Promise.all(
      hostnameSets.map((hostnames) => api('POST', '/api/developer/applications', { headers: admin.headers, body: { name: 'Race', hostnames } })),
    );
    for (const response of responses) expect([201, 409]).toContain(response.status);
    const created = responses.filter((response) => response.status === 201).map((response) => response.json.application);
    expect(created.length).toBeGreaterThanOrEqual(1);

    const items = await scanItems();
    const claims = ofType(items, 'hostnameClaim').filter((claim) => hosts.some((host) => claim.pk === keys.hostnameClaim(host).pk));
    for (const claim of claims) {
      const owner = applicationOf(items, String(claim.appId));
      expect(owner?.hostnames).toContain(hosts.find((host) => claim.pk === keys.hostnameClaim(host).pk));
    }
    // Each created app holds all its claims; no refused app left an item behind.
    expect(claims).toHaveLength(created.reduce((sum, application) => sum + application.hostnames.length, 0));
    const raceApps = ofType(items, 'application').filter((item) => item.name === 'Race');
    expect(raceApps.map((item) => item.appId).sort()).toEqual(created.map((application) => application.appId).sort());
    const pointers = ofType(items, 'ownedApplication').filter((item) => raceApps.some((application) => application.appId === item.appId));
    expect(pointers).toHaveLength(created.length);
  });
});

describe('deleting a connection while status changes race it', () => {
  it('leaves no ACTIVE license and no synced status once the connection is inactive', async () => {
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const auth = basicAuth(app.appId, app.clientSecret);
    const statusPath = `/api/applications/${app.appId}/users/${user.globalId}/status`;
    await api('PATCH', statusPath, { headers: auth, body: { status: 'PRO', variantName: 'Pro' } });
    const listed = await api('GET', `/api/developer/applications/${app.appId}/users`, { headers: admin.headers });
    const connectionId = listed.json.users[0].id as string;

    const grants = ['GOLD', 'PRO', 'BASIC', 'GOLD', 'TEAM', 'PRO'].map((status) =>
      api('PATCH', statusPath, { headers: auth, body: { status, variantName: status } }),
    );
    const deletion = api('DELETE', `/api/developer/applications/${app.appId}/users/${connectionId}`, { headers: admin.headers });
    const [deleted, ...changed] = await Promise.all([deletion, ...grants]);
    expect(deleted.status).toBe(200);
    // A change either committed before the deletion (200) or found the connection inactive (404).
    for (const response of changed) expect([200, 404]).toContain(response.status);

    const items = await scanItems();
    const connection = ofType(items, 'connection').find((item) => item.appId === app.appId && item.globalId === user.globalId);
    expect(connection).toMatchObject({ isActive: false, syncedStatuses: [] });
    const licenses = ofType(items, 'license').filter((item) => item.appId === app.appId && item.globalId === user.globalId);
    expect(licenses.filter((license) => license.state === 'ACTIVE')).toEqual([]);
    expect(licenses.filter((license) => license.gsi1pk !== undefined)).toEqual([]);
    expect(ofType(items, 'session').filter((session) => session.userId === user.userId && session.scope === app.appId)).toEqual([]);
  });
});
