import { tableName } from '../db/table-name.js';
import { batchGet, putAll, type ItemsByKey, type TransactItem } from '../db/operations.js';
import { queryUpTo } from '../db/query.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import type { LicenseState } from './license.js';
import { putNew } from './writes.js';

/**
 * One code of an app's inventory, generated or imported. Stored `state` moves UNUSED ->
 * ACTIVE (redeemed) -> EXPIRED (its license ended); one whose `expiresAt` has passed reads
 * EXPIRED whatever is stored (lib/licenses/codes.ts).
 */
export interface LicenseCodeItem {
  type: 'licenseCode';
  appId: string;
  /** The licenseId the redeemed license gets. */
  licenseId: string;
  /** As issued or imported (upper-cased); matched through `normalizedCode`. */
  code: string;
  /** Upper-case letters and digits only: the key's code. */
  normalizedCode: string;
  variantId: string;
  origin: 'generated' | 'imported';
  state: LicenseState;
  /** UNUSED: the code cannot be redeemed after it. ACTIVE: when the redeemed license ends. */
  expiresAt: string | null;
  createdAt: string;
  owner: { globalId: string; connectionId: string } | null;
  redeemedAt: string | null;
  endedAt: string | null;
}

const licenseCodesPk = (appId: string, shard: number) => `CODES#${appId}#${shard}`;

/**
 * An app's codes are spread over this many partitions, by a hash of the code, so that
 * generating 10000 at once is not 10000 writes to one partition key (about 1000 WCU/s each).
 */
export const licenseCodeShards = 8;

/** The shard a normalized code lives in (FNV-1a of its characters): computable from the code alone. */
export function licenseCodeShard(normalizedCode: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < normalizedCode.length; index += 1) {
    hash ^= normalizedCode.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % licenseCodeShards;
}

export const licenseCodeKey = (appId: string, normalizedCode: string): TableKey => ({
  pk: licenseCodesPk(appId, licenseCodeShard(normalizedCode)),
  sk: `CODE#${normalizedCode}`,
});

/** One shard's codes. */
export const licenseCodesOfShard = (appId: string, shard: number): KeyPrefix => ({ pk: licenseCodesPk(appId, shard), skPrefix: 'CODE#' });

/** The sort key of the first code of every shard (a list starts after it). */
export const firstCodeSortKey = 'CODE#';

const codeItem = (code: LicenseCodeItem) => ({ ...licenseCodeKey(code.appId, code.normalizedCode), ...code });

export function licenseCodeIn(found: ItemsByKey, appId: string, normalizedCode: string): LicenseCodeItem | undefined {
  return found(licenseCodeKey(appId, normalizedCode)) as LicenseCodeItem | undefined;
}

/** New codes with BatchWriteItem, unconditionally (80 random bits: a collision is negligible, docs/table-design.md L2). */
export async function putCodes(codes: LicenseCodeItem[]): Promise<void> {
  await putAll(codes.map(codeItem));
}

/** Which of these codes already exist (one BatchGetItem of up to 100 keys). */
export async function readExistingCodes(codes: LicenseCodeItem[]): Promise<Set<string>> {
  const found = await batchGet(codes.map((code) => licenseCodeKey(code.appId, code.normalizedCode)));
  return new Set(codes.filter((code) => licenseCodeIn(found, code.appId, code.normalizedCode) !== undefined).map((code) => code.normalizedCode));
}

/** An imported code: written whole or not at all, never over an existing one. */
export function licenseCodePut(code: LicenseCodeItem): TransactItem {
  return putNew(codeItem(code));
}

export interface CodeFilter {
  state?: LicenseState;
  variantId?: string;
}

/** The filter that reads `state` as lib/licenses/codes.ts codeState does. */
function filterExpression(filter: CodeFilter, at: Date) {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  if (filter.state) {
    names['#state'] = 'state';
    values[':now'] = at.toISOString();
    if (filter.state === 'EXPIRED') {
      values[':expired'] = 'EXPIRED';
      // A null expiresAt compares false with a string: it never expires.
      parts.push('(#state = :expired OR expiresAt <= :now)');
    } else {
      values[':state'] = filter.state;
      values[':null'] = null;
      parts.push('#state = :state AND (expiresAt = :null OR expiresAt > :now)');
    }
  }
  if (filter.variantId !== undefined) {
    values[':variantId'] = filter.variantId;
    parts.push('variantId = :variantId');
  }
  return parts.length === 0
    ? { filter: undefined, names: undefined, values: {} }
    : { filter: parts.join(' AND '), names: Object.keys(names).length ? names : undefined, values };
}

export interface ShardRead {
  codes: Array<LicenseCodeItem & TableKey>;
  /** undefined when the shard has nothing after the read; else the last sort key it looked at. */
  frontier: string | undefined;
}

/** Up to `wanted` matches of one shard with sort keys after `afterSk`, in at most `maxPages` Query pages. */
export async function readShardCodes(appId: string, shard: number, filter: CodeFilter, afterSk: string, wanted: number, maxPages: number, at: Date): Promise<ShardRead> {
  const filtered = filterExpression(filter, at);
  const { items, lastKey } = await queryUpTo<LicenseCodeItem & TableKey>(
    {
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      FilterExpression: filtered.filter,
      ExpressionAttributeNames: filtered.names,
      ExpressionAttributeValues: { ':pk': licenseCodesPk(appId, shard), ':after': afterSk, ...filtered.values },
      ConsistentRead: true,
    },
    wanted,
    { maxPages, wholePages: filtered.filter !== undefined },
  );
  if (items.length >= wanted) return { codes: items, frontier: items[items.length - 1]?.sk };
  return { codes: items, frontier: lastKey?.sk as string | undefined };
}

/** A redemption: UNUSED -> ACTIVE for its owner, only while still UNUSED and unexpired. */
export function codeRedeemUpdate(code: LicenseCodeItem, owner: { globalId: string; connectionId: string }, expiresAt: string | null, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: licenseCodeKey(code.appId, code.normalizedCode),
      UpdateExpression: 'SET #state = :active, #owner = :owner, redeemedAt = :now, expiresAt = :expiresAt',
      ConditionExpression: '#state = :unused AND (expiresAt = :null OR expiresAt > :now)',
      ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
      ExpressionAttributeValues: { ':active': 'ACTIVE', ':unused': 'UNUSED', ':null': null, ':now': at, ':owner': owner, ':expiresAt': expiresAt },
    },
  };
}

/**
 * A redeemed license's code goes ACTIVE -> EXPIRED with the license. Not conditioned on
 * ACTIVE: the license item's own condition decides; this only follows it.
 */
export function codeExpireUpdate(appId: string, normalizedCode: string, endedAt: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: licenseCodeKey(appId, normalizedCode),
      UpdateExpression: 'SET #state = :expired, endedAt = :endedAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':expired': 'EXPIRED', ':endedAt': endedAt },
    },
  };
}
