import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * How the DynamoDB client retries a failed call (lib/db/client.ts). This is the ONE
 * layer that retries transient failures — throttling (ThrottlingException,
 * ProvisionedThroughputExceededException, RequestLimitExceeded), DynamoDB 500/503,
 * reset or refused connections and timeouts. The optimistic runner (lib/db/optimistic.ts)
 * retries only contention (a condition or transaction conflict:
 * nothing was written), so the two never multiply. docs/security.md ("Faults") gives
 * the time budget.
 *
 * Retrying is safe for every write Signet makes: a TransactWriteItems carries one
 * ClientRequestToken for all its attempts (the SDK fills it once, before the retry
 * step; status sync sets its own), so DynamoDB applies it at most once; single-item
 * writes are idempotent or counters where a rare double count is harmless.
 */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Full-jitter exponential backoff: retry n waits random(0, min(maxDelayMs, base * 2^n)). */
  baseDelayMs: number;
  /** Throttling waits longer than a dropped connection: the table needs time to adapt. */
  throttlingBaseDelayMs: number;
  maxDelayMs: number;
  /**
   * A per-container retry budget (the SDK's standard "retry quota"): each retry spends
   * `retryCost` (throttling) or `timeoutRetryCost` (anything else) tokens, each success
   * refunds what its retry spent (or 1). When DynamoDB is down, a container stops
   * retrying after `retryBudget / cost` failed retries and fails fast (503) instead of
   * piling up sleeping requests; it recovers as calls succeed again.
   */
  retryBudget: number;
  retryCost: number;
  timeoutRetryCost: number;
}

export const dynamoRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 25,
  throttlingBaseDelayMs: 100,
  maxDelayMs: 1000,
  retryBudget: 500,
  retryCost: 5,
  timeoutRetryCost: 10,
};

type RetryStrategyV2 = Extract<NonNullable<DynamoDBClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

/**
 * The ONE backoff formula of lib/db (SDK retries, the optimistic runner, BatchWriteItem
 * leftovers): full jitter, random(0, min(max, base · 2^n)).
 */
export function fullJitter(baseMs: number, maxMs: number, n: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** n));
}

/** The wait before retry `retryNumber` (1 = the first retry). */
export function backoffDelay(policy: RetryPolicy, retryNumber: number, throttled: boolean, random: () => number = Math.random): number {
  return fullJitter(throttled ? policy.throttlingBaseDelayMs : policy.baseDelayMs, policy.maxDelayMs, retryNumber, random);
}

/**
 * Errors worth another attempt. The SDK classifies throttling and transient errors
 * (5xx 500/502/503/504, ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, TimeoutError...);
 * a TransactionConflictException (a single-item write met a running transaction) wrote
 * nothing and is retried too. Condition failures, validation errors and cancelled
 * transactions are answers, not faults: never retried here.
 */
export function isRetryable(errorInfo: RetryErrorInfo): boolean {
  if (errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT') return true;
  return (errorInfo.error as { name?: string } | undefined)?.name === 'TransactionConflictException';
}

class Token implements RetryToken {
  constructor(
    private readonly retryCount: number,
    private readonly delay: number,
    private readonly cost: number | undefined,
  ) {}

  getRetryCount(): number {
    return this.retryCount;
  }

  getRetryDelay(): number {
    return this.delay;
  }

  getRetryCost(): number | undefined {
    return this.cost;
  }
}

/** The SDK's retry-strategy interface (v2) over a RetryPolicy; the SDK's retry middleware sleeps the token's delay. */
export class SignetRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  private capacity: number;

  constructor(
    readonly policy: RetryPolicy = dynamoRetryPolicy,
    private readonly random: () => number = Math.random,
  ) {
    this.capacity = policy.retryBudget;
  }

  /** Tokens left in the retry budget. */
  get remainingBudget(): number {
    return this.capacity;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new Token(0, 0, undefined);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const retryNumber = token.getRetryCount() + 1;
    const throttled = errorInfo.errorType === 'THROTTLING';
    const cost = throttled ? this.policy.retryCost : this.policy.timeoutRetryCost;
    if (!isRetryable(errorInfo) || retryNumber >= this.policy.maxAttempts || this.capacity < cost) {
      // The retry middleware rethrows the call's last error.
      throw new Error('No retry token available');
    }
    this.capacity -= cost;
    return new Token(retryNumber, backoffDelay(this.policy, retryNumber, throttled, this.random), cost);
  }

  recordSuccess(token: RetryToken): void {
    const refund = (token as Token).getRetryCost?.() ?? 1;
    this.capacity = Math.min(this.policy.retryBudget, this.capacity + refund);
  }
}
