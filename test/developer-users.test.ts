import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock, useClock } from '../lib/clock.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import type { ConnectionItem, SyncedStatusSummary } from '../lib/entities/connection.js';
import type { LicenseItem } from '../lib/entities/license.js';
import { gsi1Keys, keys } from '../lib/entities/keys.js';
import { tableDefinition } from '../lib/db/table-definition.js';
import { historyEntryId } from '../lib/entities/status-history.js';
import { createAdminSession, loginUser, registerUser, type AdminSession, type RegisteredUser } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication, type CreatedTestApplication } from './support/applications.js';

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const hour = 3_600_000;

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

const usersPath = (appId: string) => `/api/developer/applications/${appId}/users`;

async function connectionOf(appId: string, globalId: string): Promise<ConnectionItem> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(appId, globalId), ConsistentRead: true }));
  return Item as ConnectionItem;
}

async function connectMembers(app: CreatedTestApplication, count: number, profile: Partial<Parameters<typeof registerUser>[0]> = {}) {
  const users: RegisteredUser[] = [];
  for (let index = 0; index < count; index += 1) {
    const user = await registerUser(profile);
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    users.push(user);
  }
  return users;
}

/** An ACTIVE synced license as status sync stores it: license item with gsi1 keys plus the connection's summary. */
async function grantStoredLicense(
  app: CreatedTestApplication,
  globalId: string,
  licenseId: string,
  expiresAt: string | null,
  status = 'PRO',
): Promise<void> {
  const connection = await connectionOf(app.appId, globalId);
  const license: LicenseItem = {
    type: 'license',
    licenseId,
    appId: app.appId,
    globalId,
    connectionId: connection.connectionId,
    variantId: 'var_test0000000000',
    variantName: status,
    code: 'ABCD-EFGH-JKLM-NPQR',
    status,
    state: 'ACTIVE',
    duration: 'LIFETIME',
    expiresAt,
    source: 'statusSync',
    createdAt: new Date().toISOString(),
    refreshedAt: null,
    endedAt: null,
    endReason: null,
    ...gsi1Keys.activeLicenseOfVariant('var_test0000000000', licenseId),
  };
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.license(app.appId, globalId, licenseId), ...license } }));
  const summary: SyncedStatusSummary = { status, licenseId, variantId: license.variantId, variantName: status, expiresAt };
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.connection(app.appId, globalId),
      UpdateExpression: 'SET syncedStatuses = list_append(syncedStatuses, :summary), statusVersion = statusVersion + :one',
      ExpressionAttributeValues: { ':summary': [summary], ':one': 1 },
    }),
  );
}

async function memberSessionValid(user: RegisteredUser, sessionKey: string, hostname: string): Promise<boolean> {
  const response = await api('POST', '/auth/get-login-status', {
    headers: { 'x-spaaza-myprice-app-hostname': hostname },
    body: { user_id: String(user.userId), session_key: sessionKey },
  });
  return response.status === 200;
}

describe('GET /api/developer/applications/:appId/users', () => {
  it('lists connected users in the documented shape with only unexpired statuses', async () => {
    const app = await createApplication(admin.headers);
    const [user] = await connectMembers(app, 1, { first_name: 'Ada', last_name: 'Lovelace' });
    if (!user) throw new Error('no user');
    const future = new Date(Date.now() + 24 * hour).toISOString();
    await grantStoredLicense(app, user.globalId, 'lic-current', future);
    await grantStoredLicense(app, user.globalId, 'lic-lapsed', new Date(Date.now() - hour).toISOString(), 'OLD');

    const response = await api('GET', usersPath(app.appId), { headers: admin.headers });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      users: [
        {
          id: expect.any(String),
          globalId: user.globalId,
          name: 'Ada Lovelace',
          email: user.username,
          active: true,
          sessions: 1,
          lastSession: expect.stringMatching(iso),
          joined: expect.stringMatching(iso),
          statuses: [{ status: 'PRO', variantId: 'var_test0000000000', variantName: 'PRO', licenseId: 'lic-current', expiresAt: future }],
          redeemed: [],
        },
      ],
      total: 1,
      nextCursor: null,
    });
    expect(response.json.users[0].id).toBe((await connectionOf(app.appId, user.globalId)).connectionId);
  });

  it('counts logins as sessions and shows a user without a name as null', async () => {
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const response = await api('GET', usersPath(app.appId), { headers: admin.headers });
    expect(response.json.users[0]).toMatchObject({ globalId: user.globalId, name: null, sessions: 2, statuses: [] });
  });

  it('pages with limit and an opaque cursor, ending with nextCursor null', async () => {
    const app = await createApplication(admin.headers);
    const users = await connectMembers(app, 5);
    const seen: string[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    do {
      const response = await api('GET', usersPath(app.appId), {
        headers: admin.headers,
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(response.status).toBe(200);
      expect(response.json.total).toBe(5);
      pageSizes.push(response.json.users.length);
      seen.push(...response.json.users.map((user: { globalId: string }) => user.globalId));
      cursor = response.json.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect([...seen].sort()).toEqual(users.map((user) => user.globalId).sort());

    const exact = await api('GET', usersPath(app.appId), { headers: admin.headers, query: { limit: '5' } });
    expect(exact.json.users).toHaveLength(5);
    expect(exact.json.nextCursor).toBeNull();
    const defaults = await api('GET', usersPath(app.appId), { headers: admin.headers });
    expect(defaults.json.users).toHaveLength(5);
  });

  it('answers an app without connections with an empty page', async () => {
    const app = await createApplication(admin.headers);
    const response = await api('GET', usersPath(app.appId), { headers: admin.headers });
    expect(response.json).toEqual({ ok: true, users: [], total: 0, nextCursor: null });
  });

  it.each(['0', '1001', '-1', 'abc', '1.5', '', '1e2'])('refuses limit=%p with 400', async (limit) => {
    const app = await createApplication(admin.headers);
    const response = await api('GET', usersPath(app.appId), { headers: admin.headers, query: { limit } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ ok: false, error: 'invalid_request', issues: [{ path: 'limit' }] });
  });

  it('refuses a malformed, tampered or foreign cursor with 400, never 500', async () => {
    const app = await createApplication(admin.headers);
    const other = await createApplication(admin.headers);
    await connectMembers(other, 2);
    const foreign = await api('GET', usersPath(other.appId), { headers: admin.headers, query: { limit: '1' } });
    expect(foreign.json.nextCursor).toEqual(expect.any(String));
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [
      'garbage!',
      'bm90IGpzb24',
      encode([1, 2]),
      encode({ pk: `APP#${app.appId}`, sk: 'META' }),
      encode({ pk: `APP#${app.appId}`, sk: 'CONN#AB1234', extra: 1 }),
      encode({ pk: `APP#${app.appId}`, sk: 7 }),
      foreign.json.nextCursor,
      'A'.repeat(5000),
    ];
    for (const cursor of cursors) {
      const response = await api('GET', usersPath(app.appId), { headers: admin.headers, query: { cursor } });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ ok: false, error: 'invalid_request', issues: [{ path: 'cursor' }] });
    }
  });
});

describe('DELETE /api/developer/applications/:appId/users/:connectionId', () => {
  it('deactivates the connection, ends its member sessions, expires its ACTIVE licenses and keeps history', async () => {
    const app = await createApplication(admin.headers);
    const otherApp = await createApplication(admin.headers);
    const user = await registerUser();
    const member = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const elsewhere = await loginUser({ username: user.username, password: user.password, hostname: otherApp.hostname });
    const own = await loginUser({ username: user.username, password: user.password });
    const future = new Date(Date.now() + 24 * hour).toISOString();
    await grantStoredLicense(app, user.globalId, 'lic-active', future);
    await grantStoredLicense(app, user.globalId, 'lic-lapsed', new Date(Date.now() - hour).toISOString(), 'OLD');
    const before = await connectionOf(app.appId, user.globalId);
    expect(await memberSessionValid(user, member.sessionKey, app.hostname)).toBe(true);

    const response = await api('DELETE', `${usersPath(app.appId)}/${before.connectionId}`, { headers: admin.headers });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      user: expect.objectContaining({ id: before.connectionId, globalId: user.globalId, active: false, sessions: 1, statuses: [] }),
      endedSessionCount: 1,
      expiredLicenseIds: ['lic-active'],
    });

    const after = await connectionOf(app.appId, user.globalId);
    expect(after).toMatchObject({ isActive: false, syncedStatuses: [], loginCount: 1, joinedAt: before.joinedAt });
    expect(after.statusVersion).toBeGreaterThan(before.statusVersion);

    const licenses = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.licensesOfConnection(app.appId, user.globalId).pk,
          ':prefix': keys.licensesOfConnection(app.appId, user.globalId).skPrefix,
        },
        ConsistentRead: true,
      }),
    );
    const byId = new Map((licenses.Items as LicenseItem[]).map((license) => [license.licenseId, license]));
    expect(byId.get('lic-active')).toMatchObject({ state: 'EXPIRED', endReason: 'connectionDeleted', endedAt: expect.stringMatching(iso) });
    expect(byId.get('lic-lapsed')).toMatchObject({ state: 'EXPIRED', endReason: 'lapsed' });
    for (const license of byId.values()) {
      expect(license.gsi1pk).toBeUndefined();
      expect(license.gsi1sk).toBeUndefined();
    }
    const index = await db.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: tableDefinition.globalSecondaryIndexes[0].indexName,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1Keys.activeLicensesOfVariant('var_test0000000000').gsi1pk },
      }),
    );
    expect((index.Items ?? []).filter((item) => item.appId === app.appId)).toEqual([]);

    expect(await memberSessionValid(user, member.sessionKey, app.hostname)).toBe(false);
    expect(await memberSessionValid(user, elsewhere.sessionKey, otherApp.hostname)).toBe(true);
    const adminStillValid = await api('GET', '/api/developer/applications', { headers: own.headers });
    expect(adminStillValid.status).toBe(200);

    const listed = await api('GET', usersPath(app.appId), { headers: admin.headers });
    expect(listed.json.users).toEqual([expect.objectContaining({ id: before.connectionId, active: false, statuses: [] })]);
    expect(listed.json.total).toBe(1);

    // A later login reactivates the same connection.
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    expect(await connectionOf(app.appId, user.globalId)).toMatchObject({ connectionId: before.connectionId, isActive: true, loginCount: 2 });
  });

  it('is idempotent on an inactive connection', async () => {
    const app = await createApplication(admin.headers);
    const [user] = await connectMembers(app, 1);
    const { connectionId } = await connectionOf(app.appId, user!.globalId);
    const first = await api('DELETE', `${usersPath(app.appId)}/${connectionId}`, { headers: admin.headers });
    const second = await api('DELETE', `${usersPath(app.appId)}/${connectionId}`, { headers: admin.headers });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json).toMatchObject({ endedSessionCount: 0, expiredLicenseIds: [] });
  });

  /**
   * 50 licenses: the connection, its session and 48 licenses (expiry + history entry) fill the
   * first transaction; lic-48 and lic-49 follow in a second one, made to fail by an item
   * already where lic-49's history entry goes. The repeat runs after that item is gone.
   */
  async function deleteWithFailingFollowUp(extraHeaders: Record<string, string>) {
    const clock = manualClock(new Date());
    const restore = useClock(clock);
    try {
      const app = await createApplication(admin.headers);
      const [user] = await connectMembers(app, 1);
      const licenseIds = Array.from({ length: 50 }, (_, index) => `lic-${String(index).padStart(2, '0')}`);
      for (const licenseId of licenseIds) await grantStoredLicense(app, user!.globalId, licenseId, null);
      const before = await connectionOf(app.appId, user!.globalId);
      const blocker = keys.statusHistory(app.appId, user!.globalId, clock.now().toISOString(), historyEntryId(before.statusVersion + 1, 49));
      await db.send(new PutCommand({ TableName: tableName(), Item: { ...blocker, type: 'statusHistory' } }));
      const stillActive = async () =>
        (
          await Promise.all(
            licenseIds.map(async (licenseId) => {
              const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.license(app.appId, user!.globalId, licenseId), ConsistentRead: true }));
              return (Item as LicenseItem).state === 'ACTIVE' ? licenseId : undefined;
            }),
          )
        ).filter(Boolean);

      const path = `${usersPath(app.appId)}/${before.connectionId}`;
      const failed = await api('DELETE', path, { headers: { ...admin.headers, ...extraHeaders } });
      const activeAfterFailure = await stillActive();
      const inactive = !(await connectionOf(app.appId, user!.globalId)).isActive;
      await db.send(new DeleteCommand({ TableName: tableName(), Key: blocker }));
      const repeat = await api('DELETE', path, { headers: { ...admin.headers, ...extraHeaders } });
      return { failed, activeAfterFailure, inactive, repeat, activeAfterRepeat: await stillActive(), licenseIds };
    } finally {
      restore();
    }
  }

  it('answers 503 outcome unknown, never a 200, when a follow-up transaction does not commit; a repeat finishes', async () => {
    const run = await deleteWithFailingFollowUp({});
    expect(run.failed.status).toBe(503);
    expect(run.failed.json).toMatchObject({ ok: false, error: 'unavailable', retryable: true, outcome: 'unknown' });
    expect(run.activeAfterFailure).toEqual(['lic-48', 'lic-49']);
    expect(run.inactive).toBe(true);
    expect(run.repeat.status).toBe(200);
    expect(run.repeat.json).toMatchObject({ endedSessionCount: 0, expiredLicenseIds: ['lic-48', 'lic-49'] });
    expect(run.activeAfterRepeat).toEqual([]);
  }, 60_000);

  it('a repeat with the same Idempotency-Key finishes the rest and answers with the first attempt\'s result', async () => {
    const run = await deleteWithFailingFollowUp({ 'idempotency-key': 'delete-once' });
    expect(run.failed.status).toBe(503);
    expect(run.failed.json).toMatchObject({ outcome: 'unknown' });
    expect(run.repeat.status).toBe(200);
    expect(run.repeat.json).toMatchObject({ endedSessionCount: 1, expiredLicenseIds: run.licenseIds });
    expect(run.activeAfterRepeat).toEqual([]);
  }, 60_000);

  it("answers 404 for an unknown connectionId and for another app's connection", async () => {
    const app = await createApplication(admin.headers);
    const other = await createApplication(admin.headers);
    const [user] = await connectMembers(other, 1);
    const { connectionId } = await connectionOf(other.appId, user!.globalId);
    for (const id of ['00000000-0000-0000-0000-000000000000', connectionId, 'not%20valid']) {
      const response = await api('DELETE', `${usersPath(app.appId)}/${id}`, { headers: admin.headers });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ ok: false, error: 'not_found', message: 'No such connected user' });
    }
    expect((await connectionOf(other.appId, user!.globalId)).isActive).toBe(true);
  });
});
