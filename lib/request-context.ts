import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

export interface IdempotencyAttempt {
  /** The key of the idempotency record in the table. */
  recordKey: { pk: string; sk: string };
  /** This attempt's id; a transaction commits only while the record still names it. */
  attemptId: string;
  /** The result a previous attempt committed with (its answer was lost): the runner returns it instead of writing again. */
  committedResult?: unknown;
}

/**
 * The one channel of a request's state, opened per request by the handler factory
 * (lib/http/handler.ts) and read without threading it through every use case: who the
 * caller is, when the request must have answered (its deadline, on the real monotonic
 * clock), the abort signal that fires then, whether a write has been sent (a 503 then
 * says `outcome: "unknown"`), and its idempotency attempt (lib/http/idempotency.ts).
 */
export interface RequestContext {
  /** What the route's authentication step returned (undefined before it, or without one). */
  identity?: unknown;
  /** performance.now() value at which the request must have answered. */
  deadlineAt: number;
  signal: AbortSignal;
  /** Set by lib/db right before a write is sent. */
  writeSent: boolean;
  /** Set once the answer has gone out: no write may be sent after it. */
  answered: boolean;
  /** Set when the request claimed an Idempotency-Key: lib/db writes the result into its record. */
  idempotency?: IdempotencyAttempt;
  /** The route's first read, started before validation (lib/db/read-ahead.ts), until its use case takes it. */
  readAhead?: { keySet: string; result: Promise<unknown> };
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
