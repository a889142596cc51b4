import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { refillRetryBudget } from './support/retry-budget.js';
import { randomBytes } from 'node:crypto';
import { coldContainer } from './support/settings.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import type { LicenseItem } from '../lib/entities/license.js';
import { gsi1Keys, keys } from '../lib/entities/keys.js';
import type { ApiResult } from './support/api.js';
import { api } from './support/api.js';
import { createAdminSession, defaultPassword, loginUser, registerUser, uniqueUsername, type AdminSession } from './support/accounts.js';
import { basicAuth, createApplication, uniqueHostname } from './support/applications.js';
import { failCall, injectFaults, type FaultInjector } from './support/dynamo-faults.js';
import { scanItems } from './support/table-scan.js';

// One admin creates an application per fault scenario and call: more than the default cap of 20.
process.env.MAX_APPLICATIONS_PER_OWNER = '1000';
coldContainer();

/**
 * A request whose Nth DynamoDB call fails for good (every retry too) answers 503 in
 * its contract body and leaves the table exactly as it was: every use case writes in
 * ONE TransactWriteItems (or one single-item write), after its reads. Each scenario is
 * run with the fault on call 1, 2, 3... until N is past the calls the request makes
 * (the clean run, which must succeed). The only write allowed to fail without failing
 * the request is the secret's `lastUsedAt` bookkeeping.
 */

type TableSnapshot = Map<string, string>;

async function scanTable(): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = new Map();
  for (const item of await scanItems()) {
    // Failure counters (docs/security.md, Throttling) are reserved before the outcome is known: an attempt cut
    // off by a fault stays counted, by design (a fault must not refund a guess).
    if (String(item.pk).startsWith('THROTTLE#')) continue;
    // lastUsedAt is bookkeeping written alongside the request, not part of its outcome.
    const { lastUsedAt: _bookkeeping, ...rest } = item;
    snapshot.set(`${item.pk} | ${item.sk}`, JSON.stringify(rest, Object.keys(rest).sort()));
  }
  return snapshot;
}

function changes(before: TableSnapshot, after: TableSnapshot): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) changed.push(before.has(key) ? `changed ${key}` : `added ${key}`);
  for (const key of before.keys()) if (!after.has(key)) changed.push(`deleted ${key}`);
  return changed;
}

function expectUnavailableBody(path: string, response: ApiResult): void {
  expect(response.status).toBe(503);
  expect(response.headers['retry-after']).toBeDefined();
  if (path.startsWith('/auth/')) {
    expect(response.json).toEqual({
      result: { code: 2, status: 'error' },
      error: { code: 1012, name: 'service_unavailable', description: expect.any(String), retryable: true, outcome: expect.stringMatching(/^(not_applied|unknown)$/) },
    });
  } else {
    expect(response.json).toEqual({ ok: false, error: 'unavailable', message: expect.any(String), retryable: true, outcome: expect.stringMatching(/^(not_applied|unknown)$/) });
  }
}

interface Scenario {
  name: string;
  path: string;
  /** Sets up fresh state and returns the request to fail. */
  prepare: () => Promise<() => Promise<ApiResult>>;
  successStatus: number;
}

let admin: AdminSession;
let injector: FaultInjector | undefined;

beforeAll(async () => {
  admin = await createAdminSession();
});

afterEach(() => {
  injector?.remove();
  injector = undefined;
  refillRetryBudget();
});

async function connectedUser(app: { hostname: string }) {
  const user = await registerUser();
  await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
  return user;
}

const memberLogin = (user: { username: string; password: string }, hostname: string) => () =>
  api('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': hostname }, body: { username: user.username, password: user.password } });

const scenarios: Scenario[] = [
  {
    name: 'add-user',
    path: '/auth/add-user',
    successStatus: 200,
    prepare: async () => () => api('POST', '/auth/add-user', { body: { username: uniqueUsername('fault'), password: defaultPassword } }),
  },
  {
    name: 'admin login',
    path: '/auth/login',
    successStatus: 200,
    prepare: async () => {
      const user = await registerUser();
      await loginUser(user); // an earlier admin session, which the login replaces
      return () => api('POST', '/auth/login', { body: { username: user.username, password: user.password } });
    },
  },
  {
    name: 'first member login (creates the connection)',
    path: '/auth/login',
    successStatus: 200,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      const user = await registerUser();
      return memberLogin(user, app.hostname);
    },
  },
  {
    name: 'failed login (counts the failure)',
    path: '/auth/login',
    successStatus: 401,
    prepare: async () => {
      const user = await registerUser();
      return () => api('POST', '/auth/login', { body: { username: user.username, password: 'wrong password!' } });
    },
  },
  {
    name: 'logout',
    path: '/auth/logout',
    successStatus: 200,
    prepare: async () => {
      const user = await registerUser();
      const session = await loginUser(user);
      return () => api('DELETE', '/auth/logout', { headers: session.headers });
    },
  },
  {
    name: 'create application',
    path: '/api/developer/applications',
    successStatus: 201,
    prepare: async () => () =>
      api('POST', '/api/developer/applications', { headers: admin.headers, body: { name: 'Faulty', hostnames: [uniqueHostname(), uniqueHostname()] } }),
  },
  {
    name: 'add client secret',
    path: '/api/developer/applications/{appId}/client-secrets',
    successStatus: 201,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      return () => api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
    },
  },
  {
    name: 'retire client secret',
    path: '/api/developer/applications/{appId}/client-secrets/{secretId}',
    successStatus: 200,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      await api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
      return () => api('DELETE', `/api/developer/applications/${app.appId}/client-secrets/${app.secretId}`, { headers: admin.headers });
    },
  },
  {
    name: 'create variant',
    path: '/api/developer/applications/{appId}/licenses/variants',
    successStatus: 201,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      return () => api('POST', `/api/developer/applications/${app.appId}/licenses/variants`, { headers: admin.headers, body: { name: 'Pro' } });
    },
  },
  {
    name: 'grant (status sync, creating its variant)',
    path: '/api/applications/{appId}/users/{globalId}/status',
    successStatus: 200,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      const user = await connectedUser(app);
      return () =>
        api('PATCH', `/api/applications/${app.appId}/users/${user.globalId}/status`, {
          headers: basicAuth(app.appId, app.clientSecret),
          body: { status: 'PRO', variantName: 'Pro', duration: 'MONTH' },
        });
    },
  },
  {
    name: 'revoke (status sync)',
    path: '/api/applications/{appId}/users/{globalId}/status',
    successStatus: 200,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      const user = await connectedUser(app);
      const path = `/api/applications/${app.appId}/users/${user.globalId}/status`;
      // A second secret for the revoke, so its credential is not cached by the grant.
      const second = await api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
      await api('PATCH', path, { headers: basicAuth(app.appId, app.clientSecret), body: { status: 'PRO', variantName: 'Pro' } });
      return () => api('PATCH', path, { headers: basicAuth(app.appId, second.json.clientSecret), body: { revoke: true } });
    },
  },
  {
    name: 'delete connection',
    path: '/api/developer/applications/{appId}/users/{connectionId}',
    successStatus: 200,
    prepare: async () => {
      const app = await createApplication(admin.headers);
      const user = await connectedUser(app);
      await api('PATCH', `/api/applications/${app.appId}/users/${user.globalId}/status`, {
        headers: basicAuth(app.appId, app.clientSecret),
        body: { status: 'PRO', variantName: 'Pro' },
      });
      const listed = await api('GET', `/api/developer/applications/${app.appId}/users`, { headers: admin.headers });
      const connectionId = listed.json.users[0].id;
      return () => api('DELETE', `/api/developer/applications/${app.appId}/users/${connectionId}`, { headers: admin.headers });
    },
  },
];

describe('a request whose Nth DynamoDB call fails leaves no partial state', () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const maxCalls = 12;
    for (let failing = 1; failing <= maxCalls; failing += 1) {
      const run = await scenario.prepare();
      const before = await scanTable();
      injector = injectFaults(db, failCall(failing, 'internalServerError'));
      const response = await run();
      const calls = [...injector.calls];
      injector.remove();
      injector = undefined;
      refillRetryBudget();

      if (failing > calls.length) {
        // Past the last call: the clean run, which must succeed.
        expect([scenario.name, response.status]).toEqual([scenario.name, scenario.successStatus]);
        expect(failing).toBeGreaterThan(1);
        return;
      }
      const failed = `${scenario.name}: call ${failing} (${calls[failing - 1]}) of ${calls.join(', ')}`;
      if (response.status === scenario.successStatus) {
        // Only the lastUsedAt bookkeeping may fail without failing the request.
        expect([failed, calls[failing - 1]]).toEqual([failed, 'UpdateItemCommand']);
        continue;
      }
      expect([failed, response.status]).toEqual([failed, 503]);
      expectUnavailableBody(scenario.path, response);
      expect([failed, changes(before, await scanTable())]).toEqual([failed, []]);
    }
    throw new Error(`${scenario.name} made more than ${maxCalls} calls`);
  });
});

describe('deleting a connection with more than 99 sessions and licenses', () => {
  /** Licenses stored straight into the table: status sync keeps one ACTIVE per connection, but the table allows more. */
  async function seedActiveLicenses(appId: string, globalId: string, connectionId: string, count: number): Promise<void> {
    const now = new Date().toISOString();
    const items = Array.from({ length: count }, () => {
      const licenseId = `lic_${randomBytes(8).toString('hex')}`;
      const item: LicenseItem & { pk: string; sk: string } = {
        ...keys.license(appId, globalId, licenseId),
        ...gsi1Keys.activeLicenseOfVariant('var_seeded', licenseId),
        type: 'license',
        licenseId,
        appId,
        globalId,
        connectionId,
        variantId: 'var_seeded',
        variantName: 'Seeded',
        code: 'SEED-SEED-SEED-SEED',
        status: 'SEEDED',
        state: 'ACTIVE',
        duration: 'LIFETIME',
        expiresAt: null,
        source: 'statusSync',
        createdAt: now,
        refreshedAt: null,
        endedAt: null,
        endReason: null,
      };
      return item;
    });
    for (let start = 0; start < items.length; start += 25) {
      await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
  }

  it('ends the sessions in the first transaction; a failed follow-up is finished by repeating the DELETE', async () => {
    const app = await createApplication(admin.headers);
    const user = await connectedUser(app);
    const listed = await api('GET', `/api/developer/applications/${app.appId}/users`, { headers: admin.headers });
    const connectionId: string = listed.json.users[0].id;
    await seedActiveLicenses(app.appId, user.globalId, connectionId, 120);
    const session = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const path = `/api/developer/applications/${app.appId}/users/${connectionId}`;

    // The second TransactWriteItems (the remaining license expiries) fails for good.
    let transactions = 0;
    injector = injectFaults(db, (attempt) => {
      if (attempt.command !== 'TransactWriteItemsCommand') return undefined;
      if (attempt.attempt === 1) transactions += 1;
      return transactions === 2 ? 'internalServerError' : undefined;
    });
    const failed = await api('DELETE', path, { headers: admin.headers });
    injector.remove();
    injector = undefined;
    expectUnavailableBody(path, failed);

    const connection = (await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(app.appId, user.globalId), ConsistentRead: true }))).Item;
    expect(connection?.isActive).toBe(false);
    const status = await api('POST', '/auth/get-login-status', {
      headers: { 'x-spaaza-myprice-app-hostname': app.hostname },
      body: { user_id: user.userId, session_key: session.sessionKey },
    });
    expect(status.status).toBe(401); // the member session ended with the first transaction

    const repeated = await api('DELETE', path, { headers: admin.headers });
    expect(repeated.status).toBe(200);
    const scan = await scanTable();
    const licenses = [...scan.entries()].filter(([key]) => key.startsWith(`${keys.licensesOfConnection(app.appId, user.globalId).pk} | LICENSE#`));
    expect(licenses).toHaveLength(120);
    for (const [, value] of licenses) expect(JSON.parse(value).state).toBe('EXPIRED');
  });
});
