import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../db/client.js';
import type { TransactItem } from '../db/transactions.js';
import { SignetError } from '../errors.js';
import { errorKindOf } from '../http/error-translation.js';

/**
 * Commits one planned change. `conflict`: the transaction was cancelled because a
 * condition saw newer data or a concurrent transaction held an item (nothing was
 * written; the caller re-reads and re-plans). A transient failure (timeout, reset
 * connection, throttling, 5xx) is ambiguous — the write may have committed — and the
 * client has already re-sent it (lib/db/retry-policy.ts) with the SAME
 * ClientRequestToken: DynamoDB applies a token at most once, so a re-sent change is
 * never applied twice. Re-sending here as well would only multiply the client's
 * attempts and waits, so a failure that outlived them is a 503 with Retry-After.
 */
const contentionReasons = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);

export async function commitChange(items: TransactItem[]): Promise<'committed' | 'conflict'> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
    return 'committed';
  } catch (error) {
    const failure = error as { name?: string; CancellationReasons?: { Code?: string }[] };
    if (failure.name === 'TransactionCanceledException') {
      const reasons = failure.CancellationReasons ?? [];
      if (reasons.every((reason) => contentionReasons.has(reason?.Code ?? 'None'))) return 'conflict';
    }
    if (failure.name === 'TransactionConflictException') return 'conflict';
    if (!(error instanceof SignetError) && errorKindOf(error) === 'unavailable') {
      throw new SignetError('unavailable', 'The status change could not be confirmed; retry the request', { headers: { 'Retry-After': '1' } });
    }
    throw error;
  }
}
