import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/**
 * What every DynamoDB call of one request needs to know, without threading it through
 * every use case: when the request must have answered (its deadline, on the real
 * monotonic clock), the abort signal that fires then, whether a write has been sent
 * (a 503 then says `outcome: "unknown"`), and the request's idempotency attempt (lib/http/idempotency.ts).
 * The handler factory opens one per request (lib/http/handler.ts).
 */
export interface IdempotencyAttempt {
  /** The key of the idempotency record in the table. */
  recordKey: { pk: string; sk: string };
  /** This attempt's id; a transaction commits only while the record still names it. */
  attemptId: string;
  /** The result a previous attempt committed with (its answer was lost): the runner returns it instead of writing again. */
  committedResult?: unknown;
}

export interface RequestContext {
  /** performance.now() value at which the request must have answered. */
  deadlineAt: number;
  signal: AbortSignal;
  /** Set by lib/db right before a write is sent. */
  writeSent: boolean;
  /** Set once the answer has gone out: no write may be sent after it. */
  answered: boolean;
  idempotency?: IdempotencyAttempt;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

/** The current request's context; undefined outside a request (scripts, test set-up). */
export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Milliseconds left before the current request's deadline (Infinity outside a request). */
export function remainingMs(): number {
  const context = storage.getStore();
  return context ? context.deadlineAt - performance.now() : Number.POSITIVE_INFINITY;
}
