import { SignetError } from '../errors.js';
import { logger } from '../logger.js';
import { remainingMs, requestContext, type RequestContext } from '../request-context.js';
import { db } from './client.js';

/**
 * The only place a DynamoDB command is sent (lib/db/operations.ts builds them). Every
 * call carries the request's abort signal and is also raced against it, so the
 * request stops waiting at its deadline even while the SDK sleeps between retries. A
 * write is refused once the deadline passed or the answer went out, and `writeSent`
 * is set right before one is sent: a 503 then says `outcome: "unknown"`.
 */

/** Any lib-dynamodb command (their generic types do not unify in one parameter type). */
type Command = object;
type SdkCommand = Parameters<typeof db.send>[0];

export type CallKind = 'read' | 'write' | 'bookkeeping';

export function outOfTime(): SignetError {
  return new SignetError('unavailable', 'The request ran out of time; retry shortly', { headers: { 'Retry-After': '1' } });
}

/** `call`, or outOfTime() as soon as the signal aborts; the listener goes when either settles. */
export function raceAbort<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(outOfTime());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(outOfTime());
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A definite "nothing was written" answer to a write: a failed condition, a cancelled
 * transaction, a transaction refused because another one held its items (contention),
 * or a request DynamoDB rejected as invalid.
 */
const nothingWrittenErrors = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException', 'TransactionConflictException', 'ValidationException']);

export function wroteNothing(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name !== undefined && nothingWrittenErrors.has(name);
}

function translated(error: unknown, context: RequestContext | undefined): unknown {
  if (error instanceof SignetError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'AbortError' || (context?.signal.aborted ?? false)) return outOfTime();
  if (name === 'ResourceNotFoundException') {
    // A missing table is an operations fault (wrong TABLE_NAME, table not deployed): say so in the log, answer 503.
    logger.error('DynamoDB table not found: check TABLE_NAME and the deployed table', { errorName: name });
    return new SignetError('unavailable', undefined, { headers: { 'Retry-After': '1' } });
  }
  return error;
}

/**
 * `bookkeeping` writes (the idempotency record, the login throttle counter) are sent
 * like writes but are not the request's effect: they do not make the outcome unknown.
 */
export async function send<Output>(command: Command, kind: CallKind): Promise<Output> {
  const context = requestContext();
  const writing = kind !== 'read';
  if (context && writing && (context.answered || remainingMs() <= 0)) throw outOfTime();
  if (context?.signal.aborted) throw outOfTime();
  const sentBefore = context?.writeSent ?? false;
  if (context && kind === 'write') context.writeSent = true;
  try {
    const call = db.send(command as SdkCommand, context ? { abortSignal: context.signal } : undefined) as Promise<Output>;
    return await (context ? raceAbort(call, context.signal) : call);
  } catch (error) {
    if (context && kind === 'write' && wroteNothing(error)) context.writeSent = sentBefore;
    throw translated(error, context);
  }
}
