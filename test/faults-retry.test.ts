import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { refillRetryBudget } from './support/retry-budget.js';
import { tableName } from '../lib/db/table-name.js';
import { db, dynamoRetryStrategy, dynamoTimeouts } from '../lib/db/client.js';
import { keys } from '../lib/entities/keys.js';
import { backoffDelay, dynamoRetryPolicy, SignetRetryStrategy, type RetryPolicy } from '../lib/db/retry-policy.js';
import { answerMarginMs } from '../lib/http/handler.js';
import { api } from './support/api.js';
import { createAdminSession, defaultPassword, registerUser, uniqueUsername } from './support/accounts.js';
import { basicAuth, createApplication } from './support/applications.js';
import { failFirstAttempts, injectFaults, type Fault, type FaultInjector } from './support/dynamo-faults.js';

/**
 * DynamoDB faults are retried by the client with backoff (lib/db/retry-policy.ts); a
 * call that still fails answers 503 in the route's contract body. Faults are injected
 * below the SDK's retry middleware, so the attempt counts are the SDK's own.
 */

let injector: FaultInjector | undefined;

function inject(decide: Parameters<typeof injectFaults>[1]): FaultInjector {
  injector = injectFaults(db, decide);
  return injector;
}

afterEach(() => {
  injector?.remove();
  injector = undefined;
  refillRetryBudget();
});

const spaazaUnavailable = {
  result: { code: 2, status: 'error' },
  error: { code: 1012, name: 'service_unavailable', description: expect.any(String), retryable: true, outcome: 'unknown' },
};
const apiUnavailable = { ok: false, error: 'unavailable', message: expect.any(String), retryable: true, outcome: 'not_applied' };

async function storedUsernameClaim(username: string) {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.usernameClaim(username), ConsistentRead: true }));
  return Item;
}

describe('transient DynamoDB faults are retried', () => {
  const faults: Fault[] = [
    'throttling',
    'provisionedThroughputExceeded',
    'requestLimitExceeded',
    'internalServerError',
    'serviceUnavailable',
    'connectionReset',
  ];

  it.each(faults)('add-user succeeds after two %s faults on its write, on the third attempt', async (fault) => {
    const username = uniqueUsername('retry');
    const faults = inject(failFirstAttempts(fault, 2));
    const response = await api('POST', '/auth/add-user', { body: { username, password: defaultPassword } });
    expect(response.status).toBe(200);
    expect(faults.calls).toEqual(['TransactWriteItemsCommand']);
    expect(faults.attempts.map(({ attempt, fault: injected }) => [attempt, injected])).toEqual([
      [1, fault],
      [2, fault],
      [3, undefined],
    ]);
    expect((await storedUsernameClaim(username))?.userId).toBe(response.json.results.user_info.user_id);
  });

  it('retries every call of a multi-call request: a member login with one fault on each call', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    const faults = inject(failFirstAttempts('throttling', 1));
    const response = await api('POST', '/auth/login', {
      headers: { 'x-spaaza-myprice-app-hostname': app.hostname },
      body: { username: user.username, password: user.password },
    });
    expect(response.status).toBe(200);
    // BatchGet (username, hostname), the two failure reservations, Query (profile + sessions) with Get (connection), one transaction
    expect(faults.calls).toEqual(['BatchGetItemCommand', 'UpdateItemCommand', 'UpdateItemCommand', 'QueryCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    expect(faults.attempts).toHaveLength(2 * faults.calls.length);
    expect(faults.attempts.filter((attempt) => attempt.fault === undefined).map((attempt) => attempt.attempt)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('applies a transaction whose answer was lost once: the retry re-sends the same ClientRequestToken', async () => {
    const username = uniqueUsername('lost');
    // The first attempt reaches DynamoDB and commits; the caller sees a reset connection.
    const faults = inject((attempt) => (attempt.attempt === 1 ? 'lostResponse' : undefined));
    const response = await api('POST', '/auth/add-user', { body: { username, password: defaultPassword } });
    expect(response.status).toBe(200);
    expect(faults.attempts.map((attempt) => attempt.fault)).toEqual(['lostResponse', undefined]);
    // Not 409 username_taken: DynamoDB recognized the retry as the same transaction.
    expect((await storedUsernameClaim(username))?.userId).toBe(response.json.results.user_info.user_id);
  });

  it('applies a status change whose answer was lost exactly once', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    const user = await registerUser();
    await api('POST', '/auth/login', {
      headers: { 'x-spaaza-myprice-app-hostname': app.hostname },
      body: { username: user.username, password: user.password },
    });
    const faults = inject((attempt) => (attempt.command === 'TransactWriteItemsCommand' && attempt.attempt === 1 ? 'lostResponse' : undefined));
    const response = await api('PATCH', `/api/applications/${app.appId}/users/${user.globalId}/status`, {
      headers: basicAuth(app.appId, app.clientSecret),
      body: { status: 'PRO', variantName: 'Pro', duration: 'MONTH' },
    });
    expect(response.status).toBe(200);
    expect(faults.attempts.filter((attempt) => attempt.fault === 'lostResponse')).toHaveLength(1);
    const { Item: connection } = await db.send(
      new GetCommand({ TableName: tableName(), Key: keys.connection(app.appId, user.globalId), ConsistentRead: true }),
    );
    expect(connection?.statusVersion).toBe(1);
    expect(connection?.syncedStatuses).toHaveLength(1);
  });
});

describe('a call that keeps failing answers 503 in the contract body', () => {
  it('on /auth routes, in the Spaaza shape, after maxAttempts attempts', async () => {
    const username = uniqueUsername('down');
    const faults = inject(() => 'internalServerError');
    const response = await api('POST', '/auth/add-user', { body: { username, password: defaultPassword } });
    expect(response.status).toBe(503);
    expect(response.json).toEqual(spaazaUnavailable);
    expect(response.headers['retry-after']).toBe('1');
    expect(faults.attempts).toHaveLength(dynamoRetryPolicy.maxAttempts);
    faults.remove();
    expect(await storedUsernameClaim(username)).toBeUndefined();
  });

  it('on /api routes, in the /api shape, for developer and app-backend routes', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    inject(() => 'throttling');
    const developer = await api('GET', '/api/developer/applications', { headers: admin.headers });
    expect(developer.status).toBe(503);
    expect(developer.json).toEqual(apiUnavailable);
    const backend = await api('GET', `/api/applications/${app.appId}/users`, { headers: basicAuth(app.appId, 'signet_cs_wrong') });
    expect(backend.status).toBe(503);
    expect(backend.json).toEqual(apiUnavailable);
    expect(backend.headers['retry-after']).toBe('1');
  });

  it('does not retry answers that are not faults (a failed condition is a 409, sent once)', async () => {
    const user = await registerUser();
    const faults = inject(() => undefined);
    const response = await api('POST', '/auth/add-user', { body: { username: user.username, password: defaultPassword } });
    expect(response.status).toBe(409);
    expect(faults.attempts).toHaveLength(1);
  });
});

describe('the retry budget of a container', () => {
  it('stops retrying once a run of failures has spent it, and recovers as calls succeed', async () => {
    const faults = inject(() => 'connectionReset');
    const callsToDrain = Math.ceil(dynamoRetryPolicy.retryBudget / (dynamoRetryPolicy.timeoutRetryCost * (dynamoRetryPolicy.maxAttempts - 1)));
    for (let call = 0; call < callsToDrain; call += 1) {
      await expect(db.send(new GetCommand({ TableName: tableName(), Key: keys.user(1) }))).rejects.toMatchObject({ code: 'ECONNRESET' });
    }
    expect(dynamoRetryStrategy.remainingBudget).toBeLessThan(dynamoRetryPolicy.timeoutRetryCost);
    const before = faults.attempts.length;
    await expect(db.send(new GetCommand({ TableName: tableName(), Key: keys.user(1) }))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(faults.attempts.length - before).toBe(1); // failed fast: no retry
    faults.remove();
    const drained = dynamoRetryStrategy.remainingBudget;
    await db.send(new GetCommand({ TableName: tableName(), Key: keys.user(1) }));
    expect(dynamoRetryStrategy.remainingBudget).toBe(drained + 1);
  });
});

describe('retry policy', () => {
  const policy: RetryPolicy = dynamoRetryPolicy;
  const errorInfo = (errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR', name = 'X') =>
    ({ errorType, error: Object.assign(new Error(name), { name, $metadata: {} }) }) as never;

  it('backs off exponentially with full jitter, longer for throttling, capped', () => {
    expect(backoffDelay(policy, 1, false, () => 0.999)).toBeLessThanOrEqual(policy.baseDelayMs * 2);
    expect(backoffDelay(policy, 2, false, () => 0.999)).toBeGreaterThan(policy.baseDelayMs * 2);
    expect(backoffDelay(policy, 1, true, () => 0.999)).toBeGreaterThan(policy.baseDelayMs * 2);
    expect(backoffDelay(policy, 20, true, () => 0.999)).toBeLessThanOrEqual(policy.maxDelayMs);
    expect(backoffDelay(policy, 3, true, () => 0)).toBe(0);
  });

  it('retries throttling, transient errors and TransactionConflictException, at most maxAttempts - 1 times', async () => {
    const strategy = new SignetRetryStrategy(policy, () => 0.5);
    let token = await strategy.acquireInitialRetryToken();
    token = await strategy.refreshRetryTokenForRetry(token, errorInfo('THROTTLING'));
    expect(token.getRetryCount()).toBe(1);
    expect(token.getRetryDelay()).toBe(backoffDelay(policy, 1, true, () => 0.5));
    token = await strategy.refreshRetryTokenForRetry(token, errorInfo('TRANSIENT'));
    expect(token.getRetryDelay()).toBe(backoffDelay(policy, 2, false, () => 0.5));
    await expect(strategy.refreshRetryTokenForRetry(token, errorInfo('TRANSIENT'))).rejects.toThrow();

    const fresh = await strategy.acquireInitialRetryToken();
    await expect(strategy.refreshRetryTokenForRetry(fresh, errorInfo('CLIENT_ERROR', 'TransactionConflictException'))).resolves.toBeDefined();
    await expect(strategy.refreshRetryTokenForRetry(fresh, errorInfo('CLIENT_ERROR', 'ConditionalCheckFailedException'))).rejects.toThrow();
    await expect(strategy.refreshRetryTokenForRetry(fresh, errorInfo('SERVER_ERROR'))).rejects.toThrow();
  });

  it('keeps the worst case of the retry layers inside the 10 s function timeout', () => {
    const functionTimeoutMs = 10_000;
    const worstDelays = (throttled: boolean) =>
      Array.from({ length: policy.maxAttempts - 1 }, (_, index) => backoffDelay(policy, index + 1, throttled, () => 1)).reduce((a, b) => a + b, 0);
    // One call that hangs on every attempt still ends in time for the function's own 503.
    const hungCall = policy.maxAttempts * dynamoTimeouts.deployed.requestTimeout + worstDelays(false);
    expect(hungCall).toBeLessThan(functionTimeoutMs * 0.7);
    // A throttled call costs at most its backoff (DynamoDB answers throttling at once).
    expect(worstDelays(true)).toBeLessThanOrEqual(1000);
    // Contention retries (lib/db/optimistic.ts) stop at the request's deadline, which the handler sets inside the timeout.
    expect(answerMarginMs).toBeGreaterThan(0);
    expect(answerMarginMs).toBeLessThan(functionTimeoutMs / 10);
  });
});
