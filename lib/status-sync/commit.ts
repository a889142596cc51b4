import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../db/client.js';
import type { TransactItem } from '../db/transactions.js';
import { SignetError } from '../errors.js';
import { errorKindOf } from '../http/error-translation.js';

/**
 * Commits one planned change. `conflict`: the transaction was cancelled because a
 * condition saw newer data or a concurrent transaction held an item (nothing was
 * written; the caller re-reads and re-plans). A transient failure (timeout, reset
 * connection, throttling, 5xx) is ambiguous — the write may have committed — so the SAME
 * items are re-sent with the SAME ClientRequestToken: DynamoDB applies a token at most
 * once, so a retried change can never be applied twice.
 */
const maxSendAttempts = 5;
const contentionReasons = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);

export async function commitChange(items: TransactItem[]): Promise<'committed' | 'conflict'> {
  const token = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
      return 'committed';
    } catch (error) {
      const failure = error as { name?: string; CancellationReasons?: { Code?: string }[] };
      if (failure.name === 'TransactionCanceledException') {
        const reasons = failure.CancellationReasons ?? [];
        if (reasons.every((reason) => contentionReasons.has(reason?.Code ?? 'None'))) return 'conflict';
      }
      if (failure.name === 'TransactionConflictException') return 'conflict';
      const transient = !(error instanceof SignetError) && errorKindOf(error) === 'unavailable';
      if (!transient) throw error;
      if (attempt >= maxSendAttempts) {
        throw new SignetError('unavailable', 'The status change could not be confirmed; retry the request', { headers: { 'Retry-After': '1' } });
      }
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}
