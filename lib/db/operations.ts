import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandOutput,
  type DeleteCommandInput,
  type DeleteCommandOutput,
  type GetCommandOutput,
  type PutCommandInput,
  type PutCommandOutput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { tableName } from './table-name.js';
import { SignetError } from '../errors.js';
import { requestContext } from '../request-context.js';
import type { TableKey } from './table-key.js';
import { fullJitter } from './retry-policy.js';
import { keepReadAhead, takeReadAhead } from './read-ahead.js';
import { outOfTime, send, type CallKind } from './send.js';
import { withoutSecrets } from '../secrets/redact.js';

/**
 * lib/db is the only door to DynamoDB: these functions, queryPages (lib/db/query.ts)
 * and the optimistic runner (lib/db/optimistic.ts). Each fills in the table name and
 * goes through send() (deadline, abort signal, `writeSent`).
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type CancellationReasons = CancellationReason[];
type Key = TableKey | Record<string, unknown>;

export async function get<T>(key: Key, options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {}): Promise<T | undefined> {
  const output = await send<GetCommandOutput>(
    new GetCommand({
      TableName: tableName(),
      Key: key,
      ConsistentRead: options.consistent ?? true,
      ProjectionExpression: options.projection,
      ExpressionAttributeNames: options.names,
    }),
    'read',
  );
  return output.Item as T | undefined;
}

export type ItemsByKey = (key: TableKey | undefined) => Record<string, unknown> | undefined;

const keyId = (key: TableKey) => `${key.pk}\n${key.sk}`;

/** UnprocessedKeys appear only under throttling; the SDK already backed off, a few passes suffice. */
const maxBatchPasses = 5;

/**
 * Strongly consistent reads of up to 100 items in one BatchGetItem (one round trip;
 * unprocessed keys, rare, are asked for again). Returns a lookup by key.
 */
export function batchGet(requested: Array<TableKey | undefined>): Promise<ItemsByKey> {
  const unique = uniqueKeys(requested);
  return (takeReadAhead(unique.values()) as Promise<ItemsByKey> | undefined) ?? readItems(unique);
}

/**
 * Starts the batchGet of these keys now, for the use case to take later (lib/db/read-ahead.ts);
 * the handler factory calls it with the keys its route plans to read first.
 */
export function startReadAhead(requested: Array<TableKey | undefined>): void {
  const unique = uniqueKeys(requested);
  if (unique.size > 0) keepReadAhead(unique.values(), () => readItems(unique));
}

function uniqueKeys(requested: Array<TableKey | undefined>): Map<string, TableKey> {
  const unique = new Map<string, TableKey>();
  for (const key of requested) if (key) unique.set(keyId(key), { pk: key.pk, sk: key.sk });
  return unique;
}

async function readItems(unique: Map<string, TableKey>): Promise<ItemsByKey> {
  const found = new Map<string, Record<string, unknown>>();
  const table = tableName();
  let pending = [...unique.values()];
  for (let pass = 0; pending.length > 0 && pass < maxBatchPasses; pass += 1) {
    const output = await send<BatchGetCommandOutput>(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }), 'read');
    for (const item of output.Responses?.[table] ?? []) found.set(keyId(item as TableKey), item);
    pending = (output.UnprocessedKeys?.[table]?.Keys ?? []) as TableKey[];
  }
  if (pending.length > 0) throw Object.assign(new Error('BatchGetItem left keys unprocessed'), { name: 'ThrottlingException' });
  return (key) => (key ? found.get(keyId(key)) : undefined);
}

type WithoutTable<T> = Omit<T, 'TableName'>;

export function put(input: WithoutTable<PutCommandInput>, kind: CallKind = 'write'): Promise<PutCommandOutput> {
  return send(new PutCommand({ ...input, TableName: tableName() }), kind);
}

export function update(input: WithoutTable<UpdateCommandInput>, kind: CallKind = 'write'): Promise<UpdateCommandOutput> {
  return send(new UpdateCommand({ ...input, TableName: tableName() }), kind);
}

export function remove(input: WithoutTable<DeleteCommandInput>, kind: CallKind = 'write'): Promise<DeleteCommandOutput> {
  return send(new DeleteCommand({ ...input, TableName: tableName() }), kind);
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: TableKey } };

const batchWriteSize = 25;
/** BatchWriteItem calls in flight at once: 10000 items are 400 calls, which one at a time would outlast a request. */
const batchWritesInFlight = 32;
const maxUnprocessedPasses = 8;

/**
 * Sends write requests 25 per BatchWriteItem, several calls in flight. UnprocessedItems
 * (DynamoDB's partial answer under throttling) are sent again after a jittered backoff;
 * after a few passes the request fails with 503. Unconditional and not atomic: for
 * items nothing else can be writing (new random keys, leftovers being removed).
 */
async function writeAll(requests: WriteRequest[]): Promise<void> {
  const table = tableName();
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += batchWriteSize) batches.push(requests.slice(start, start + batchWriteSize));
  const writeBatch = async (batch: WriteRequest[]) => {
    let pending = batch;
    for (let pass = 0; pending.length > 0; pass += 1) {
      if (pass === maxUnprocessedPasses) throw new SignetError('unavailable', 'DynamoDB did not take every write; retry shortly', { headers: { 'Retry-After': '1' } });
      if (pass > 0) {
        await sleep(fullJitter(20, 5000, pass), undefined, { signal: requestContext()?.signal }).catch(() => {
          throw outOfTime();
        });
      }
      const output = await send<BatchWriteCommandOutput>(new BatchWriteCommand({ RequestItems: { [table]: pending } }), 'write');
      pending = (output.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  };
  let next = 0;
  const worker = async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) await writeBatch(batch);
  };
  await Promise.all(Array.from({ length: Math.min(batchWritesInFlight, batches.length) }, worker));
}

/** Deletes many items (BatchWriteItem). */
export async function removeAll(items: TableKey[]): Promise<void> {
  await writeAll(items.map((Key) => ({ DeleteRequest: { Key } })));
}

/** Puts many new items (BatchWriteItem; no conditions, see writeAll). Each item carries its pk and sk. */
export async function putAll(items: Array<TableKey & Record<string, unknown>>): Promise<void> {
  await writeAll(items.map((Item) => ({ PutRequest: { Item } })));
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** A conditional write's outcome: true when it was applied, false when its condition did not hold (other errors throw). */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  return (await unlessConditionFails(write.then(() => true))) ?? false;
}

/** A conditional write's output, or undefined when its condition failed. */
export async function unlessConditionFails<Output>(write: Promise<Output>): Promise<Output | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * The one classification of a TransactWriteItems answer:
 * - `committed`;
 * - `contention`: cancelled only because other transactions held the items (or throttled
 *   them): nothing was written, the same plan may simply be tried again later;
 * - `conditionFailed`: a condition saw other data; `reasons` by position.
 */
export type TransactOutcome = { kind: 'committed' } | { kind: 'contention' } | { kind: 'conditionFailed'; reasons: CancellationReasons };

const contentionCodes = new Set(['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** An idempotent request's taken-over attempt (lib/http/idempotency.ts): another attempt now owns the key. */
export function supersededAttempt(): SignetError {
  return new SignetError('conflict', 'A newer request with this Idempotency-Key is running', { headers: { 'Retry-After': '1' } });
}

/**
 * One TransactWriteItems. In a request with an Idempotency-Key, the transaction also
 * writes `result` into the key's record, on condition that this attempt still owns
 * the key: a retry that took the key over makes a late commit of this attempt fail,
 * and a retry that finds the result knows the change committed (exactly once).
 * Table names are filled in here.
 */
export async function transact(items: TransactItem[], options: { result?: unknown } = {}): Promise<TransactOutcome> {
  const table = tableName();
  const withTable = items.map((item) => {
    const [operation, body] = Object.entries(item)[0] as [keyof TransactItem, Record<string, unknown>];
    return { [operation]: { ...body, TableName: table } } as TransactItem;
  });
  const attempt = requestContext()?.idempotency;
  if (attempt) {
    withTable.push({
      Update: {
        TableName: table,
        Key: attempt.recordKey,
        UpdateExpression: 'SET committedResult = :result',
        ConditionExpression: 'attemptId = :attempt',
        ExpressionAttributeValues: { ':result': JSON.stringify(withoutSecrets(options.result ?? null)), ':attempt': attempt.attemptId },
      },
    });
  }
  try {
    await send(new TransactWriteCommand({ TransactItems: withTable }), 'write');
    return { kind: 'committed' };
  } catch (error) {
    const failure = error as { name?: string; CancellationReasons?: CancellationReasons };
    if (failure.name === 'TransactionConflictException') return { kind: 'contention' };
    if (failure.name !== 'TransactionCanceledException') throw error;
    const reasons = failure.CancellationReasons ?? [];
    if (attempt && reasons[withTable.length - 1]?.Code === 'ConditionalCheckFailed') throw supersededAttempt();
    if (reasons.some((reason) => reason?.Code === 'ConditionalCheckFailed')) return { kind: 'conditionFailed', reasons: reasons.slice(0, items.length) };
    if (reasons.every((reason) => contentionCodes.has(reason?.Code ?? 'None'))) return { kind: 'contention' };
    throw error;
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
export function failedItem(reasons: CancellationReasons, index: number): CancellationReason['Item'] {
  return reasons[index]?.Item;
}

export function numberAttribute(item: CancellationReason['Item'], name: string): number | undefined {
  const value = item?.[name];
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}
