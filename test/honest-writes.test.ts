import { manualClock, useClock } from '../lib/clock.js';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { coldContainer } from './support/settings.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import { wroteNothing } from '../lib/db/send.js';
import { runWithRequestContext } from '../lib/request-context.js';
import { reserveFailure } from '../lib/throttle/repository.js';
import { captureOutput } from './support/capture-output.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { ofType, scanItems } from './support/table-scan.js';
import { addUser, adminHeaders, connectedUser, createApp, fixturePassword, login, statusPath, uniqueName, type HttpApp } from './support/http-fixtures.js';

/**
 * Issue 11, through the local HTTP server: contention is not a fault, idempotency keys
 * (docs/architecture.md, Idempotency keys), one valid session per scope, history of deleted connections, and
 * business time from the injected clock.
 */

let api: LocalApi;
let app: HttpApp;

beforeAll(async () => {
  api = await startLocalApi();
  app = await createApp(api);
});
afterAll(() => api.close());

interface StatusBody {
  status: string | null;
  license: { licenseId: string } | null;
  history: Array<{ action: string; status: string; licenseId: string; by: Record<string, unknown> }>;
}

async function currentStatus(globalId: string): Promise<StatusBody> {
  const response = await api.call('GET', statusPath(app, globalId), { headers: app.auth });
  expect(response.status).toBe(200);
  return response.json as StatusBody;
}

/** A keyed PRO grant for a new connected user, answered 200, and the idempotency record it completed. */
async function keyedGrant(idempotencyKey: string) {
  const user = await connectedUser(api, app);
  const call = { headers: { ...app.auth, 'idempotency-key': idempotencyKey }, body: { status: 'PRO' } };
  const first = await api.call('PATCH', statusPath(app, user.globalId), call);
  expect(first.status).toBe(200);
  const record = ofType(await scanItems(), 'idempotencyRecord').find((item) => (item.response as { body?: string } | undefined)?.body === first.text);
  expect(record?.committedResult).toBeDefined();
  return { user, call, first, record: record as NonNullable<typeof record> };
}

/** One ACTIVE synced status whose license is the newest history entry's. */
function expectOneCurrentStatus(current: StatusBody, expectedStatus?: string): void {
  expect(current.status).not.toBeNull();
  if (expectedStatus) expect(current.status).toBe(expectedStatus);
  expect(current.license?.licenseId).toBe(current.history[0]?.licenseId);
  expect(current.history[0]?.status).toBe(current.status);
  expect(['granted', 'refreshed']).toContain(current.history[0]?.action);
}

describe('contention is not a fault', () => {
  it('50 parallel identical grants for one user all answer 200, leaving one ACTIVE status', async () => {
    const user = await connectedUser(api, app);
    const body = { status: 'PRO', variantName: 'Pro', duration: 'MONTH' };

    const responses = await Promise.all(Array.from({ length: 50 }, () => api.call('PATCH', statusPath(app, user.globalId), { headers: app.auth, body })));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const licenseIds = new Set(responses.map((response) => (response.json as { license: { licenseId: string } }).license.licenseId));
    expect(licenseIds.size).toBe(1); // the first grant's license, refreshed by the other 49
    const current = await currentStatus(user.globalId);
    expectOneCurrentStatus(current, 'PRO');
    expect(current.history).toHaveLength(50);
  }, 60_000);

  it('30 parallel mixed grants for one user all answer 200, and the status is the newest history entry', async () => {
    const user = await connectedUser(api, app);
    const statuses = ['PRO', 'BASIC', 'GOLD', 'TEAM PLAN', 'gold'];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        api.call('PATCH', statusPath(app, user.globalId), { headers: app.auth, body: { status: statuses[index % statuses.length], duration: index % 2 ? 'YEAR' : 'MONTH' } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
    expectOneCurrentStatus(await currentStatus(user.globalId));
  }, 60_000);
});

describe('Idempotency-Key', () => {
  it('replays a retried add-user: the same 200 and body, marked replayed, one account', async () => {
    const username = `${uniqueName('retry')}@example.com`;
    const call = { headers: { 'idempotency-key': uniqueName('key') }, body: { username, password: fixturePassword } };
    const first = await api.call('POST', '/auth/add-user', call);
    const retry = await api.call('POST', '/auth/add-user', call);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Without the key, the same request is a new one: the username is taken.
    expect((await api.call('POST', '/auth/add-user', { body: call.body })).status).toBe(409);
  });

  it('replays a grant without writing again: no second history entry', async () => {
    const user = await connectedUser(api, app);
    const call = { headers: { ...app.auth, 'idempotency-key': 'grant-1' }, body: { status: 'PRO' } };
    const first = await api.call('PATCH', statusPath(app, user.globalId), call);
    const retry = await api.call('PATCH', statusPath(app, user.globalId), call);
    expect(first.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await currentStatus(user.globalId)).history).toHaveLength(1);
  });

  it('stores completed 4xx answers too, but not 503 or 429', async () => {
    const call = { headers: { ...app.auth, 'idempotency-key': 'missing-user' }, body: { status: 'PRO' } };
    const first = await api.call('PATCH', statusPath(app, 'ZZ0000'), call);
    expect(first.status).toBe(404);
    const retry = await api.call('PATCH', statusPath(app, 'ZZ0000'), call);
    expect(retry.status).toBe(404);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 422 idempotency_key_reused for the same key with another request, in both body styles', async () => {
    const user = await connectedUser(api, app);
    const headers = { ...app.auth, 'idempotency-key': 'reused' };
    expect((await api.call('PATCH', statusPath(app, user.globalId), { headers, body: { status: 'PRO' } })).status).toBe(200);
    const other = await api.call('PATCH', statusPath(app, user.globalId), { headers, body: { status: 'GOLD' } });
    expect(other.status).toBe(422);
    expect(other.json).toEqual({ ok: false, error: 'idempotency_key_reused', message: expect.any(String) });
    expect((await currentStatus(user.globalId)).status).toBe('PRO');

    const key = { 'idempotency-key': uniqueName('auth') };
    await api.call('POST', '/auth/add-user', { headers: key, body: { username: `${uniqueName('a')}@example.com`, password: fixturePassword } });
    const auth = await api.call('POST', '/auth/add-user', { headers: key, body: { username: `${uniqueName('b')}@example.com`, password: fixturePassword } });
    expect(auth.status).toBe(422);
    expect(auth.json).toEqual({ result: { code: 2, status: 'error' }, error: { code: 1018, name: 'idempotency_key_reused', description: expect.any(String) } });
  });

  it('scopes keys by caller: another app or developer may use the same key', async () => {
    const other = await createApp(api);
    const first = await api.call('POST', `/api/developer/applications/${app.appId}/licenses/variants`, { headers: { ...app.admin, 'idempotency-key': 'v1' }, body: { name: 'Scoped' } });
    const second = await api.call('POST', `/api/developer/applications/${other.appId}/licenses/variants`, { headers: { ...other.admin, 'idempotency-key': 'v1' }, body: { name: 'Scoped' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 conflict with Retry-After while the first request with the key is still running', async () => {
    const { user, call, first, record } = await keyedGrant('in-flight');
    // Put the key back in flight, as if the first attempt were still running (its commit
    // done, its answer not yet stored): the record IN_PROGRESS with a live lease.
    const inFlightFor = async (leaseEndsAt: number) =>
      db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: record.pk, sk: record.sk },
          UpdateExpression: 'SET #status = :inProgress, leaseEndsAt = :lease REMOVE #response',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':lease': leaseEndsAt },
        }),
      );
    await inFlightFor(Date.now() + 30_000);

    const conflict = await api.call('PATCH', statusPath(app, user.globalId), call);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({ ok: false, error: 'conflict' });
    expect(Number(conflict.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(conflict.headers['retry-after'])).toBeLessThanOrEqual(30);

    // The first attempt's lease ran out (its answer was lost): a retry takes the key over and
    // answers with the committed result, without granting again.
    await inFlightFor(0);
    const retry = await api.call('PATCH', statusPath(app, user.globalId), call);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect((await currentStatus(user.globalId)).history).toHaveLength(1);
  });

  it("replays a first attempt's commit that lands between a retry's read of the record and its takeover", async () => {
    const { user, call, first, record } = await keyedGrant('late-commit');
    const key = { pk: record.pk, sk: record.sk };
    // As the retry reads it: the first attempt's lease ran out, its transaction not yet committed.
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET #status = :inProgress, leaseEndsAt = :zero REMOVE #response, committedResult',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':zero': 0 },
      }),
    );
    // The late commit lands right before the retry's takeover.
    const name = `lateCommit-${Math.random().toString(16).slice(2)}`;
    let landed = false;
    db.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { UpdateExpression?: string };
        if (!landed && input.UpdateExpression?.startsWith('SET attemptId')) {
          landed = true;
          await db.send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET committedResult = :result', ExpressionAttributeValues: { ':result': record.committedResult } }));
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const retry = await api.call('PATCH', statusPath(app, user.globalId), call);
      expect(landed).toBe(true);
      expect(retry.status).toBe(200);
      expect(retry.json).toEqual(first.json);
    } finally {
      db.middlewareStack.remove(name);
    }
    expect((await currentStatus(user.globalId)).history).toHaveLength(1);
  });

  it('does not store a 429: a retry with the key after the throttle window gets the real answer', async () => {
    const clock = manualClock(new Date());
    const restore = useClock(clock);
    try {
      const variant = await api.call('POST', `/api/developer/applications/${app.appId}/licenses/variants`, { headers: app.admin, body: { name: uniqueName('gift'), defaultDuration: 'MONTH' } });
      expect(variant.status).toBe(201);
      const generated = await api.call('POST', `/api/developer/applications/${app.appId}/licenses/codes`, {
        headers: app.admin,
        body: { variantId: (variant.json as { variant: { variantId: string } }).variant.variantId, count: 1 },
      });
      expect(generated.status).toBe(201);
      const [{ code }] = (generated.json as { codes: Array<{ code: string }> }).codes as [{ code: string }];
      const user = await addUser(api);
      const { sessionKey } = await login(api, user, app.hostname);
      const member = { 'x-spaaza-session-user-id': String(user.userId), 'x-spaaza-session-key': sessionKey, 'x-spaaza-myprice-app-hostname': app.hostname };
      const from = '127.0.0.33';
      // Ten failed redemptions fill the (user, address) window (docs/security.md, Throttling).
      for (let guess = 0; guess < 10; guess += 1) {
        expect((await api.call('POST', '/api/user/licenses/redeem', { headers: member, body: { code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' }, from })).status).toBe(404);
      }
      const call = { headers: { ...member, 'idempotency-key': 'redeem-once' }, body: { code }, from };
      const limited = await api.call('POST', '/api/user/licenses/redeem', call);
      expect(limited.status).toBe(429);

      clock.advance(16 * 60_000);
      const retry = await api.call('POST', '/api/user/licenses/redeem', call);
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.json).toMatchObject({ ok: true, license: { code, state: 'ACTIVE' } });
    } finally {
      restore();
    }
  });

  it('rejects a malformed key with 400', async () => {
    const response = await api.call('POST', '/auth/add-user', { headers: { 'idempotency-key': 'x'.repeat(256) }, body: { username: 'a@example.com', password: fixturePassword } });
    expect(response.status).toBe(400);
  });
});

describe('sessions', () => {
  it('12 parallel logins of one user in one scope leave exactly one valid session', async () => {
    const user = await addUser(api);
    // From 12 source addresses: one (username, source IP) pair may have at most LOGIN_FAILURE_LIMIT password checks in flight (docs/security.md, Throttling).
    const logins = await Promise.all(Array.from({ length: 12 }, (_, index) => login(api, user, app.hostname, `127.0.0.${index + 2}`)));
    expect(logins.map((each) => each.status)).toEqual(Array(12).fill(200));
    const checks = await Promise.all(
      logins.map((each) =>
        api.call('POST', '/auth/get-login-status', { headers: { 'x-spaaza-myprice-app-hostname': app.hostname }, body: { user_id: user.userId, session_key: each.sessionKey } }),
      ),
    );
    expect(checks.filter((check) => check.status === 200)).toHaveLength(1);
    expect(checks.filter((check) => check.status === 401)).toHaveLength(11);
  }, 60_000);

  it('12 parallel admin logins leave exactly one valid admin session', async () => {
    const user = await addUser(api);
    const logins = await Promise.all(Array.from({ length: 12 }, (_, index) => login(api, user, undefined, `127.0.0.${index + 2}`)));
    const checks = await Promise.all(
      logins.map((each) => api.call('GET', '/api/developer/applications', { headers: { 'x-spaaza-session-user-id': String(user.userId), 'x-spaaza-session-key': each.sessionKey } })),
    );
    expect(checks.filter((check) => check.status === 200)).toHaveLength(1);
  }, 60_000);
});

describe('deleting a connection', () => {
  it('writes one revoked history entry per license it ends, by the developer', async () => {
    const user = await connectedUser(api, app);
    expect((await api.call('PATCH', statusPath(app, user.globalId), { headers: app.auth, body: { status: 'PRO' } })).status).toBe(200);
    const list = await api.call('GET', `/api/developer/applications/${app.appId}/users`, { headers: app.admin, query: { limit: '1000' } });
    const connection = (list.json as { users: Array<{ id: string; globalId: string }> }).users.find((each) => each.globalId === user.globalId);
    const deleted = await api.call('DELETE', `/api/developer/applications/${app.appId}/users/${connection?.id}`, { headers: app.admin });
    expect(deleted.status).toBe(200);
    // The connection is inactive: read the history by a fresh login reactivating it.
    await login(api, user, app.hostname);
    const current = await currentStatus(user.globalId);
    expect(current.status).toBeNull();
    expect(current.history[0]).toMatchObject({ action: 'revoked', status: 'PRO', by: { userId: expect.any(Number) } });
    expect(current.history).toHaveLength(2);
  });
});

describe('business time comes from the injected clock', () => {
  it('a MONTH grant is no longer ACTIVE a month and a day later, without waiting', async () => {
    const clock = manualClock(new Date());
    const restore = useClock(clock);
    try {
      const user = await connectedUser(api, app);
      expect((await api.call('PATCH', statusPath(app, user.globalId), { headers: app.auth, body: { status: 'PRO', duration: 'MONTH' } })).status).toBe(200);
      expect((await currentStatus(user.globalId)).status).toBe('PRO');
      clock.advance(32 * 24 * 3600_000);
      expect((await currentStatus(user.globalId)).status).toBeNull();
    } finally {
      restore();
    }
  });

  it('keeps idempotency keys 24 hours', async () => {
    const clock = manualClock(new Date());
    const restore = useClock(clock);
    try {
      const headers = await adminHeaders(api);
      const key = { ...headers, 'idempotency-key': 'day' };
      const path = `/api/developer/applications`;
      const body = { name: 'Day', hostnames: [`${uniqueName('day')}.example.com`] };
      const first = await api.call('POST', path, { headers: key, body });
      clock.advance(23 * 3600_000);
      expect((await api.call('POST', path, { headers: key, body })).headers['idempotent-replayed']).toBe('true');
      clock.advance(2 * 3600_000);
      const later = await api.call('POST', path, { headers: key, body });
      expect(first.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.status).toBe(409); // executed again: the hostname is taken by the first
    } finally {
      restore();
    }
  });
});

describe('contention is never a 429 nor an unknown outcome', () => {
  it('classifies a transaction refused for contention as nothing written', () => {
    expect(wroteNothing({ name: 'TransactionConflictException' })).toBe(true);
    expect(wroteNothing({ name: 'TransactionCanceledException' })).toBe(true);
    expect(wroteNothing({ name: 'InternalServerError' })).toBe(false);
  });

  it('a failure counter that keeps changing under the request ends in 503 at the deadline, not in a 429', async () => {
    const key = { pk: `THROTTLE#TEST#${uniqueName('busy')}`, sk: 'THROTTLE' };
    // A live window whose count the condition can never read as below the limit, as if
    // every attempt lost to another writer.
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...key, type: 'failureCounter', windowEndsAt: Math.floor(Date.now() / 1000) + 900 } }));
    const context = { deadlineAt: performance.now() + 600, signal: new AbortController().signal, writeSent: false, answered: false };
    const judged = runWithRequestContext(context, () => reserveFailure(key, { limit: 10, windowSeconds: 900 }));
    await expect(judged).rejects.toMatchObject({ kind: 'unavailable' });
    expect(context.writeSent).toBe(false); // bookkeeping only: the outcome stays not_applied
  });
});

describe('a missing table', () => {
  it('answers 503 not_applied, never 500, with a log line that names the cause', async () => {
    const headers = await adminHeaders(api);
    const table = process.env.TABLE_NAME;
    process.env.TABLE_NAME = 'signet-table-that-does-not-exist';
    coldContainer();
    try {
      const { output, value } = await captureOutput(() => api.call('GET', '/api/developer/applications', { headers }));
      expect(value.status).toBe(503);
      expect(value.json).toMatchObject({ ok: false, error: 'unavailable', retryable: true, outcome: 'not_applied' });
      expect(output).toContain('DynamoDB table not found');
    } finally {
      process.env.TABLE_NAME = table;
      coldContainer();
    }
  });
});
