import { setTimeout as sleep } from 'node:timers/promises';
import { SignetError } from '../errors.js';
import { remainingMs, requestContext } from '../request-context.js';
import { raceAbort } from './send.js';
import { transact, type CancellationReasons, type TransactItem } from './operations.js';

/**
 * The ONE optimistic-concurrency runner: read → plan → commit, and on conflict the
 * same from a fresh read, after a full-jitter exponential backoff, until the request's
 * deadline. Contention is not a fault: 50 racing writers all finish; only a request
 * that runs out of time answers 503 (outcome `not_applied`: every cancelled commit
 * wrote nothing). Transient DynamoDB faults are not retried here; the client's retry
 * strategy already did (lib/db/retry-policy.ts), so the two never multiply.
 */

export interface Plan<Result> {
  /** The writes of one TransactWriteItems; empty when nothing needs writing. */
  items: TransactItem[];
  result: Result;
  /**
   * A condition failed (not mere contention). Return `retry` to read again (the
   * default: conditions are usually "nothing changed since the read"), or throw the
   * domain error it means (e.g. a name already taken).
   */
  onConditionFailed?: (reasons: CancellationReasons) => 'retry';
}

export interface Optimistic<Read, Result> {
  /**
   * The item the commit's condition guards (e.g. the connection of a status change).
   * Writers of one item in ONE process take turns (a Lambda container serves one
   * request at a time, so this matters to the local server and other long-running
   * hosts): they stop burning attempts against each other, while across processes the
   * conditional commit still decides.
   */
  turnKey?: string;
  read: () => Promise<Read>;
  plan: (read: Read) => Plan<Result> | Promise<Plan<Result>>;
}

const baseDelayMs = 20;
/** Many writers of one item: a long cap spreads them out instead of piling failed attempts onto the table. */
const maxDelayMs = 2000;
/** Time kept in hand at the deadline for answering. */
const answerMarginMs = 250;
const maxAttemptsOutsideRequest = 50;

function outOfTime(): SignetError {
  return new SignetError('unavailable', 'The resource is being changed by many requests at once; retry shortly', {
    headers: { 'Retry-After': '1' },
  });
}

/** Full jitter: random(0, min(max, base · 2^attempt)). */
export function contentionDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
}

const turns = new Map<string, Promise<unknown>>();
let turnsEnabled = true;

/**
 * Tests only: without turns, writers in this process race as writers in different
 * Lambda containers do, so the conditional commit alone is exercised.
 */
export function useInProcessTurns(enabled: boolean): void {
  turnsEnabled = enabled;
}

/** Runs `work` after the earlier work of the same key in this process has settled. */
async function inTurn<T>(key: string | undefined, work: () => Promise<T>): Promise<T> {
  if (key === undefined || !turnsEnabled) return work();
  const previous = (turns.get(key) ?? Promise.resolve()).catch(() => undefined);
  const signal = requestContext()?.signal;
  // Waiting for the turn counts against the deadline like any other wait.
  const mine = (signal ? raceAbort(previous, signal) : previous).then(() => work());
  const settled = mine.catch(() => undefined);
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return mine;
}

export async function runOptimistic<Read, Result>(steps: Optimistic<Read, Result>): Promise<Result> {
  // A previous attempt of this idempotent request committed, but its answer was lost. Its
  // result stands for this attempt's first commit only: a request of several commits (an
  // import in parts, whose result says how far it got) carries on after it.
  const idempotency = requestContext()?.idempotency;
  if (idempotency && idempotency.committedResult !== undefined) {
    const committed = idempotency.committedResult as Result;
    delete idempotency.committedResult;
    return committed;
  }
  return inTurn(steps.turnKey, () => attemptUntilCommitted(steps));
}

async function attemptUntilCommitted<Read, Result>(steps: Optimistic<Read, Result>): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    const plan = await steps.plan(await steps.read());
    if (plan.items.length === 0) return plan.result;
    const outcome = await transact(plan.items, { result: plan.result });
    if (outcome.kind === 'committed') return plan.result;
    if (outcome.kind === 'conditionFailed' && plan.onConditionFailed) plan.onConditionFailed(outcome.reasons);
    await backOffAfterContention(attempt);
  }
}

/**
 * The wait before attempt `attempt + 1` of a write that lost to other writers: the shared
 * full-jitter backoff, never past the point where one more attempt still fits before the
 * request's deadline. Throws the 503 (`unavailable`) when no time is left: contention is
 * never answered as anything else (a 409, a 429).
 */
export async function backOffAfterContention(attempt: number): Promise<void> {
  const delay = Math.min(contentionDelay(attempt), Math.max(0, remainingMs() - answerMarginMs * 2));
  // Outside a request (scripts) there is no deadline: a cap keeps a broken plan from looping forever.
  if (remainingMs() - delay < answerMarginMs || (!requestContext() && attempt >= maxAttemptsOutsideRequest)) throw outOfTime();
  await sleep(delay, undefined, { signal: requestContext()?.signal }).catch(() => {
    throw outOfTime();
  });
}
