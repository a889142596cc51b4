import { setTimeout as sleep } from 'node:timers/promises';
import { SignetError } from '../errors.js';

/**
 * Optimistic concurrency for status changes: `attempt` reads, plans and commits
 * conditionally; it resolves `conflict` when the commit's condition saw a newer version
 * (another change committed first), and is then run again from a fresh read after a
 * jittered exponential backoff (full jitter spreads racing writers apart). Transient
 * DynamoDB failures are NOT retried here: the client already retried each call
 * (lib/db/retry-policy.ts), and retrying again would multiply its attempts and waits.
 * After `maxChangeAttempts`, or when the next attempt would start after
 * `retryBudgetMs` (the Lambda timeout is 10 s; an attempt takes milliseconds on
 * DynamoDB), the answer is 503 unavailable with Retry-After: nothing was written.
 */
export const maxChangeAttempts = 8;
const baseDelayMs = 40;
const maxDelayMs = 1000;
export const retryBudgetMs = 5000;

export const conflict = Symbol('conflict');

function gaveUp(): SignetError {
  return new SignetError('unavailable', 'The user status is being changed concurrently; retry shortly', {
    headers: { 'Retry-After': '1' },
  });
}

export async function withChangeRetries<T>(attempt: () => Promise<T | typeof conflict>): Promise<T> {
  const startedAt = Date.now();
  for (let attemptNumber = 1; attemptNumber <= maxChangeAttempts; attemptNumber += 1) {
    const result = await attempt();
    if (result !== conflict) return result;
    const delay = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attemptNumber);
    if (attemptNumber === maxChangeAttempts || Date.now() - startedAt + delay > retryBudgetMs) break;
    await sleep(delay);
  }
  throw gaveUp();
}
