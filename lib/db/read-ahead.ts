import { requestContext } from '../request-context.js';
import type { TableKey } from './table-key.js';

/**
 * A request's first read, started by the handler factory before the body is validated
 * (lib/http/handler.ts, `readAhead`), so the factory's remaining steps run while it is in
 * flight (docs/performance.md, Read-ahead). It is kept in the request context and handed
 * to the use case's batchGet for exactly the same keys; any other read goes to DynamoDB as
 * usual, and a read-ahead nobody takes is dropped with its request. Reads only: nothing is
 * answered from it but through the use case, after every check has passed.
 */

/** The same string for the same keys in any order, and different for any other keys (JSON escapes the separator). */
function keySetOf(keys: Iterable<TableKey>): string {
  return [...keys]
    .map((key) => JSON.stringify([key.pk, key.sk]))
    .sort()
    .join('\n');
}

/** Starts `read` of these keys and keeps it; outside a request (scripts, set-up) nobody could take it, so it starts nothing. */
export function keepReadAhead(keys: Iterable<TableKey>, read: () => Promise<unknown>): void {
  const context = requestContext();
  if (!context) return;
  const result = read();
  result.catch(() => undefined); // taken and awaited by the use case, or dropped: never unhandled
  context.readAhead = { keySet: keySetOf(keys), result };
}

/** The read-ahead of exactly these keys, once; undefined otherwise (and no key set is built when there is none). */
export function takeReadAhead(keys: Iterable<TableKey>): Promise<unknown> | undefined {
  const context = requestContext();
  const ahead = context?.readAhead;
  if (!ahead || ahead.keySet !== keySetOf(keys)) return undefined;
  context.readAhead = undefined;
  return ahead.result;
}
