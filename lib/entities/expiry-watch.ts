import { tableName } from '../db/table-name.js';
import type { TableKey } from '../db/table-key.js';
import { get, put, remove, type TransactItem } from '../db/operations.js';
import { queryAll } from '../db/query.js';
import { connectionKey } from './connection.js';


/**
 * The index of upcoming expiries the expiry sweep reads (lib/events/expiry-sweep.ts):
 * one item per license expiry, in an hourly bucket partition
 * `EXPIRYWATCH#<yyyy-mm-ddThh>` / `<expiresAt>#<appId>#<globalId>#<licenseId>`. The
 * fan-out writes one when an event's current snapshot holds a license with an expiry
 * (so no status-changing transaction grows). A watch is only a hint: the sweep checks the
 * connection before it emits `status.expired`, and drops watches that no longer hold.
 * The sweep's progress is `EXPIRYSWEEP` / `CURSOR` (the oldest bucket not yet done).
 */

export interface ExpiryWatchItem {
  type: 'expiryWatch';
  appId: string;
  globalId: string;
  licenseId: string;
  expiresAt: string;
  ttl: number;
}

export const expiryBucket = (atMs: number): string => new Date(atMs).toISOString().slice(0, 13);
const watchKey = (watch: Pick<ExpiryWatchItem, 'appId' | 'globalId' | 'licenseId' | 'expiresAt'>): TableKey => ({
  pk: `EXPIRYWATCH#${expiryBucket(Date.parse(watch.expiresAt))}`,
  sk: `${watch.expiresAt}#${watch.appId}#${watch.globalId}#${watch.licenseId}`,
});
const cursorKey: TableKey = { pk: 'EXPIRYSWEEP', sk: 'CURSOR' };

export async function putExpiryWatch(watch: Omit<ExpiryWatchItem, 'type' | 'ttl'>): Promise<void> {
  // Kept a week past the expiry at most: a sweep that was down that long has bigger problems.
  const ttl = Math.floor(Date.parse(watch.expiresAt) / 1000) + 7 * 86_400;
  await put({ Item: { ...watchKey(watch), type: 'expiryWatch', ...watch, ttl } });
}

/** Watches of one bucket whose expiry is at or before `atIso`. */
export function readDueWatches(bucket: string, atIso: string): Promise<ExpiryWatchItem[]> {
  return queryAll<ExpiryWatchItem>({
    KeyConditionExpression: 'pk = :pk AND sk <= :bound',
    ExpressionAttributeValues: { ':pk': `EXPIRYWATCH#${bucket}`, ':bound': `${atIso}#\uffff` },
    ConsistentRead: true,
  });
}

export function deleteWatchWrite(watch: ExpiryWatchItem): TransactItem {
  return { Delete: { TableName: tableName(), Key: watchKey(watch) } };
}

export async function deleteWatch(watch: ExpiryWatchItem): Promise<void> {
  await remove({ Key: watchKey(watch) });
}

export async function readSweepCursor(): Promise<string | undefined> {
  return (await get<{ bucket: string }>(cursorKey))?.bucket;
}

export async function writeSweepCursor(bucket: string): Promise<void> {
  await put({ Item: { ...cursorKey, type: 'expirySweepCursor', bucket } });
}

/**
 * The expiry's transaction: the connection's statusVersion bumped on condition of the value
 * read (the event's sequence), the event, and the watch gone. A concurrent change makes
 * it fail, and the next sweep looks again.
 */
export function expiredStatusWrites(input: { appId: string; globalId: string; version: number | undefined; eventPut: TransactItem; watch: ExpiryWatchItem }): TransactItem[] {
  const { version } = input;
  return [
    {
      Update: {
        TableName: tableName(),
        Key: connectionKey(input.appId, input.globalId),
        UpdateExpression: 'SET statusVersion = :next',
        ConditionExpression: version === undefined ? 'attribute_exists(pk) AND attribute_not_exists(statusVersion)' : 'statusVersion = :version',
        ExpressionAttributeValues: { ':next': (version ?? 0) + 1, ...(version === undefined ? {} : { ':version': version }) },
      },
    },
    input.eventPut,
    deleteWatchWrite(input.watch),
  ];
}
