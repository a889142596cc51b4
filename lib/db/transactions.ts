import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignetError } from '../errors.js';
import { db } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why each item of a cancelled transaction failed, by position (`Code` 'None' for the ones that did not). */
export type CancellationReasons = CancellationReason[];

const maxAttempts = 6;

function cancellationReasons(error: unknown): CancellationReasons | undefined {
  const candidate = error as { name?: string; CancellationReasons?: CancellationReasons };
  if (candidate?.name !== 'TransactionCanceledException') return undefined;
  return candidate.CancellationReasons ?? [];
}

const retryable = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * One TransactWriteItems. Resolves undefined when it committed, or the per-item
 * cancellation reasons when a condition failed (the caller maps them to domain
 * errors). A cancellation caused only by a concurrent transaction on the same
 * items (TransactionConflict) is retried with jittered backoff, so N racing
 * writers end with one winner and N-1 definite condition failures, never a 500.
 */
export async function transactWrite(items: TransactItem[]): Promise<CancellationReasons | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons.some((reason) => reason?.Code === 'ConditionalCheckFailed')) return reasons;
      const onlyContention = reasons.every((reason) => !reason?.Code || reason.Code === 'None' || retryable.has(reason.Code));
      if (!onlyContention) throw error;
      if (attempt >= maxAttempts) throw new SignetError('unavailable', 'The resource is being changed concurrently; retry shortly');
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}

/** Did the item at `index` fail its condition? */
export function conditionFailed(reasons: CancellationReasons, index: number): boolean {
  return reasons[index]?.Code === 'ConditionalCheckFailed';
}

/**
 * The item a failed condition saw (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`),
 * still in DynamoDB's attribute-value form because error payloads are not unmarshalled.
 */
export function failedItem(reasons: CancellationReasons, index: number): Record<string, AttributeValue> | undefined {
  return reasons[index]?.Item;
}

export function numberAttribute(item: Record<string, AttributeValue> | undefined, name: string): number | undefined {
  const value = item?.[name];
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}
