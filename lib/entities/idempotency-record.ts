import { conditionHeld, get, put, unlessConditionFails, update } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';

/**
 * One Idempotency-Key's request and, once complete, its answer (docs/architecture.md, Idempotency keys): one per
 * (caller, method, route, key); lib/http/idempotency.ts runs the protocol. Every write
 * here is bookkeeping. The committing transaction's own write of `committedResult`
 * rides in lib/db/operations.ts `transact`.
 */
export interface IdempotencyRecordItem {
  type: 'idempotencyRecord';
  /** sha256 of method, path and body: the same key with another request is a 422. */
  fingerprint: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  /** The attempt that owns the key; a transaction commits only under it. */
  attemptId: string;
  /** Epoch ms (wall clock) until which an IN_PROGRESS attempt is considered running. */
  leaseEndsAt: number;
  /** JSON of the use case's result, written by the committing transaction itself. */
  committedResult?: string;
  /** The stored answer (COMPLETED). */
  response?: StoredResponse;
  ttl: number;
}

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const idempotencyRecordKey = (scopeHash: string): TableKey => ({ pk: `IDEMPOTENCY#${scopeHash}`, sk: 'IDEMPOTENCY' });

export function readIdempotencyRecord(key: TableKey): Promise<IdempotencyRecordItem | undefined> {
  return get<IdempotencyRecordItem>(key);
}

/** Puts a new record, or one kept past its retention (TTL deletion lags); false when a live one exists. */
export async function claimIdempotencyRecord(key: TableKey, record: IdempotencyRecordItem, nowSeconds: number): Promise<boolean> {
  return conditionHeld(
    put(
      { Item: { ...key, ...record }, ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now', ExpressionAttributeNames: { '#ttl': 'ttl' }, ExpressionAttributeValues: { ':now': nowSeconds } },
      'bookkeeping',
    ),
  );
}

/**
 * Takes an IN_PROGRESS record over from `previousAttempt` and answers the record as the
 * takeover left it, so a result the previous attempt's transaction committed after this
 * request read the record is still seen (and replayed, never applied again); undefined
 * when another retry took it first.
 */
export async function takeOverIdempotencyRecord(key: TableKey, previousAttempt: string, attemptId: string, leaseEndsAt: number): Promise<IdempotencyRecordItem | undefined> {
  const output = await unlessConditionFails(
    update(
      {
        Key: key,
        UpdateExpression: 'SET attemptId = :attempt, leaseEndsAt = :lease',
        ConditionExpression: 'attemptId = :previous AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':attempt': attemptId, ':lease': leaseEndsAt, ':previous': previousAttempt, ':inProgress': 'IN_PROGRESS' },
        ReturnValues: 'ALL_NEW',
      },
      'bookkeeping',
    ),
  );
  return output?.Attributes as IdempotencyRecordItem | undefined;
}

/** Stores the completed answer, while `attemptId` still owns the record. */
export async function completeIdempotencyRecord(key: TableKey, attemptId: string, response: StoredResponse): Promise<void> {
  await update(
    {
      Key: key,
      UpdateExpression: 'SET #status = :completed, #response = :response',
      ConditionExpression: 'attemptId = :attempt',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': response, ':attempt': attemptId },
    },
    'bookkeeping',
  );
}

/** Ends the lease of `attemptId` (the record stays: it may hold a committed result). */
export async function releaseIdempotencyRecord(key: TableKey, attemptId: string): Promise<void> {
  await update(
    { Key: key, UpdateExpression: 'SET leaseEndsAt = :zero', ConditionExpression: 'attemptId = :attempt', ExpressionAttributeValues: { ':zero': 0, ':attempt': attemptId } },
    'bookkeeping',
  );
}
