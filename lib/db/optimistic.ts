import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../config.js';
import { remainingMs, requestContext } from '../request-context.js';
import { fullJitter } from './retry-policy.js';
import { outOfTime, raceAbort } from './send.js';
import { transact, type CancellationReasons, type TransactItem } from './operations.js';

/**
 * The ONE optimistic-concurrency runner: read → plan → commit, and on contention the
 * same from a fresh read, after a full-jitter exponential backoff, until the request's
 * deadline. Contention is not a fault: 50 racing writers all finish; only a request
 * that runs out of time answers 503 (outcome `not_applied`: every cancelled commit
 * wrote nothing). Transient DynamoDB faults are not retried here; the client's retry
 * strategy already did (lib/db/retry-policy.ts), so the two never multiply.
 *
 * `runOptimistic` commits one TransactWriteItems per attempt; `untilSettled` is the same
 * loop over any conditional write (a failure counter's single UpdateItem).
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
   * conditional commit still decides. WRITER_TURNS=off (lib/config.ts) turns this off.
   */
  turnKey?: string;
  read: () => Promise<Read>;
  /** `committed`: the result an earlier attempt of this request committed, when `afterLostCommit` is 'resume'. */
  plan: (read: Read, committed?: Result) => Plan<Result> | Promise<Plan<Result>>;
  /**
   * An earlier attempt of this idempotent request (lib/http/idempotency.ts) committed but
   * its answer was lost; its result stands for this attempt's first commit:
   * - 'replay' (the default): answer that result without reading or writing again (exactly once);
   * - 'resume': read and plan again, with that result handed to `plan`, for a change that
   *   may have left work for later commits (a deletion of more than one transaction).
   * A request of several commits (an import in parts) carries on normally after the first.
   */
  afterLostCommit?: 'replay' | 'resume';
}

const baseDelayMs = 20;
/** Many writers of one item: a long cap spreads them out instead of piling failed attempts onto the table. */
const maxDelayMs = 2000;
/** Time kept in hand at the deadline for answering. */
const answerMarginMs = 250;
const maxAttemptsOutsideRequest = 50;

const turns = new Map<string, Promise<unknown>>();

/** Runs `work` after the earlier work of the same key in this process has settled. */
async function inTurn<T>(key: string | undefined, work: () => Promise<T>): Promise<T> {
  if (key === undefined || config().WRITER_TURNS === 'off') return work();
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

/** The answer of one attempt: settled with a value, or lost to another writer (nothing written: go again). */
export type AttemptOutcome<T> = { settled: true; value: T } | { settled: false };

export const contended = { settled: false } as const;
export const settled = <T>(value: T): AttemptOutcome<T> => ({ settled: true, value });

/** The loop: `attempt` until it settles, the shared backoff between attempts, 503 at the deadline. */
export async function untilSettled<T>(attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    const outcome = await attempt(attemptNumber);
    if (outcome.settled) return outcome.value;
    await backOff(attemptNumber);
  }
}

export async function runOptimistic<Read, Result>(steps: Optimistic<Read, Result>): Promise<Result> {
  const idempotency = requestContext()?.idempotency;
  let committed: Result | undefined;
  if (idempotency && idempotency.committedResult !== undefined) {
    committed = idempotency.committedResult as Result;
    delete idempotency.committedResult;
    if ((steps.afterLostCommit ?? 'replay') === 'replay') return committed;
  }
  return inTurn(steps.turnKey, () =>
    untilSettled(async () => {
      const plan = await steps.plan(await steps.read(), committed);
      if (plan.items.length === 0) return settled(plan.result);
      const outcome = await transact(plan.items, { result: plan.result });
      if (outcome.kind === 'committed') return settled(plan.result);
      if (outcome.kind === 'conditionFailed' && plan.onConditionFailed) plan.onConditionFailed(outcome.reasons);
      return contended;
    }),
  );
}

/**
 * The wait before attempt `attempt + 1` of a write that lost to other writers: full
 * jitter, never past the point where one more attempt still fits before the request's
 * deadline. Throws the one out-of-time 503 when no time is left: contention is never
 * answered as anything else (a 409, a 429).
 */
async function backOff(attempt: number): Promise<void> {
  const delay = Math.min(fullJitter(baseDelayMs, maxDelayMs, attempt), Math.max(0, remainingMs() - answerMarginMs * 2));
  // Outside a request (scripts) there is no deadline: a cap keeps a broken plan from looping forever.
  if (remainingMs() - delay < answerMarginMs || (!requestContext() && attempt >= maxAttemptsOutsideRequest)) throw outOfTime();
  await sleep(delay, undefined, { signal: requestContext()?.signal }).catch(() => {
    throw outOfTime();
  });
}
