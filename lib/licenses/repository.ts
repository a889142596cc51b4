import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type {
  ApplicationItem,
  ConnectionItem,
  LicenseCodeItem,
  LicenseItem,
  RedeemedLicenseSummary,
  RedeemThrottleItem,
  SessionItem,
  VariantItem,
} from '../db/items.js';
import { gsi1Keys, keys, licenseCodeShards, type TableKey } from '../db/keys.js';
import { SignetError } from '../errors.js';

/**
 * Every DynamoDB access of license codes, in one file (docs/table-design.md, "License
 * codes"): so the whole feature moves onto the shared lib/db runner in one place.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Keyed<T> = T & TableKey;

const keyId = (key: TableKey) => `${key.pk}\n${key.sk}`;

/** Strongly consistent BatchGetItem of a few keys; a lookup by key. */
async function batchGet(requested: TableKey[]): Promise<(key: TableKey) => Record<string, unknown> | undefined> {
  const table = tableName();
  const found = new Map<string, Record<string, unknown>>();
  let pending = [...new Map(requested.map((key) => [keyId(key), { pk: key.pk, sk: key.sk }])).values()];
  for (let pass = 0; pending.length > 0; pass += 1) {
    if (pass === 5) throw Object.assign(new Error('BatchGetItem left keys unprocessed'), { name: 'ThrottlingException' });
    const output = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of output.Responses?.[table] ?? []) found.set(keyId(item as TableKey), item);
    pending = (output.UnprocessedKeys?.[table]?.Keys ?? []) as TableKey[];
  }
  return (key) => found.get(keyId(key));
}

const contention = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * One TransactWriteItems: undefined when committed, else the per-item cancellation reasons
 * of a failed condition. Cancellations by concurrent transactions alone are retried with
 * jittered backoff (then 503), so racing writers get definite answers.
 */
async function transact(items: TransactItem[]): Promise<CancellationReason[] | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const candidate = error as { name?: string; CancellationReasons?: CancellationReason[] };
      if (candidate?.name !== 'TransactionCanceledException') throw error;
      const reasons = candidate.CancellationReasons ?? [];
      if (reasons.some((reason) => reason?.Code === 'ConditionalCheckFailed')) return reasons;
      if (!reasons.every((reason) => !reason?.Code || reason.Code === 'None' || contention.has(reason.Code))) throw error;
      if (attempt >= 6) throw new SignetError('unavailable', 'The codes are being changed concurrently; retry shortly');
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}

const failed = (reasons: CancellationReason[], index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';

// ---- applications, variants, sessions ----

export async function readApplicationAndVariant(
  appId: string,
  variantId: string | undefined,
): Promise<{ application: ApplicationItem | undefined; variant: VariantItem | undefined }> {
  const variantKey = variantId === undefined ? undefined : keys.variant(appId, variantId);
  const items = await batchGet(variantKey ? [keys.application(appId), variantKey] : [keys.application(appId)]);
  return {
    application: items(keys.application(appId)) as ApplicationItem | undefined,
    variant: variantKey ? (items(variantKey) as VariantItem | undefined) : undefined,
  };
}

export async function readVariant(appId: string, variantId: string): Promise<VariantItem | undefined> {
  const key = keys.variant(appId, variantId);
  return (await batchGet([key]))(key) as VariantItem | undefined;
}

/** A member's session and the application its hostname names, in one round trip. */
export async function readSessionAndHostname(
  sessionKey: TableKey,
  hostname: string,
): Promise<{ session: SessionItem | undefined; hostnameAppId: string | undefined }> {
  const hostKey = keys.hostnameClaim(hostname);
  const items = await batchGet([sessionKey, hostKey]);
  return { session: items(sessionKey) as SessionItem | undefined, hostnameAppId: items(hostKey)?.appId as string | undefined };
}

/** The userId a username claim names (usernames are unique case-insensitively). */
export async function readUserIdByUsername(username: string): Promise<number | undefined> {
  if (username.length === 0 || username.length > 254) return undefined;
  const claimKey = keys.usernameClaim(username);
  const items = await batchGet([claimKey]);
  return items(claimKey)?.userId as number | undefined;
}

// ---- the inventory ----

const batchWriteSize = 25;
const parallelBatches = 8;

/**
 * Writes new codes with BatchWriteItem, 25 a call, 8 calls in flight (unprocessed items
 * are sent again with backoff). No condition: generated codes carry 80 random bits, so a
 * collision with any existing code is negligible (docs/table-design.md, L2).
 */
export async function putGeneratedCodes(codes: LicenseCodeItem[]): Promise<void> {
  const table = tableName();
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let start = 0; start < codes.length; start += batchWriteSize) {
    batches.push(codes.slice(start, start + batchWriteSize).map((code) => ({ PutRequest: { Item: { ...keys.licenseCode(code.appId, code.normalizedCode), ...code } } })));
  }
  const writeBatch = async (requests: Array<Record<string, unknown>>) => {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === 8) throw new SignetError('unavailable', 'Could not store every code; retry shortly');
      if (attempt > 0) await sleep(Math.random() * 20 * 2 ** attempt);
      const output = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (output.UnprocessedItems?.[table] ?? []) as Array<Record<string, unknown>>;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next];
      next += 1;
      if (batch) await writeBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelBatches, batches.length) }, worker));
}

/**
 * Imports up to 100 codes in one TransactWriteItems, each Put `attribute_not_exists(pk)`.
 * Codes that already exist are returned (by position) and the rest are written again
 * without them, so every code is written whole or not at all. Returns the positions
 * that already existed.
 */
export async function putImportedCodes(codes: LicenseCodeItem[]): Promise<Set<number>> {
  const existing = new Set<number>();
  for (;;) {
    const remaining = codes.map((code, index) => ({ code, index })).filter(({ index }) => !existing.has(index));
    if (remaining.length === 0) return existing;
    const reasons = await transact(
      remaining.map(({ code }) => ({
        Put: {
          TableName: tableName(),
          Item: { ...keys.licenseCode(code.appId, code.normalizedCode), ...code },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    );
    if (!reasons) return existing;
    remaining.forEach(({ index }, position) => {
      if (failed(reasons, position)) existing.add(index);
    });
  }
}

export interface CodeFilter {
  state?: 'UNUSED' | 'ACTIVE' | 'EXPIRED';
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

/** How many Query pages one shard's read takes at most per inventory request before answering a short page. */
const maxPagesPerShard = 4;

interface ShardRead {
  codes: LicenseCodeItem[];
  /** undefined when the shard has nothing after the read; else the last sort key it looked at. */
  frontier: string | undefined;
}

/** Up to `wanted` matches of one shard with sort keys after `afterSk`. */
async function readShard(appId: string, shard: number, filter: CodeFilter, afterSk: string, wanted: number, at: Date): Promise<ShardRead> {
  const range = keys.licenseCodesOfShard(appId, shard);
  const filtered = filterExpression(filter, at);
  const codes: Keyed<LicenseCodeItem>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < maxPagesPerShard; page += 1) {
    const output = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk > :after',
        FilterExpression: filtered.filter,
        ExpressionAttributeNames: filtered.names,
        ExpressionAttributeValues: { ':pk': range.pk, ':after': afterSk, ...filtered.values },
        ExclusiveStartKey: startKey,
        // A filtered read takes whole pages: the filter drops an unknown share of them.
        Limit: filtered.filter ? undefined : wanted - codes.length,
        ConsistentRead: true,
      }),
    );
    codes.push(...((output.Items ?? []) as Keyed<LicenseCodeItem>[]));
    startKey = output.LastEvaluatedKey;
    if (codes.length >= wanted) {
      const kept = codes.slice(0, wanted);
      return { codes: kept, frontier: kept[kept.length - 1]?.sk };
    }
    if (!startKey) return { codes, frontier: undefined };
  }
  return { codes, frontier: startKey?.sk as string | undefined };
}

/**
 * One inventory page: every shard is read in parallel for up to limit + 1 matches after the
 * cursor's sort key, and the results merged in code order. The page stops at the smallest
 * point any shard has not read past, so nothing is skipped; `after` is the sort key the next
 * page starts after (undefined on the last page). A heavily filtered list may answer a short
 * page with a cursor rather than read the whole inventory in one request.
 */
export async function queryCodes(
  appId: string,
  filter: CodeFilter,
  afterSk: string | undefined,
  limit: number,
  at: Date,
): Promise<{ codes: LicenseCodeItem[]; after: string | undefined }> {
  const shards = Array.from({ length: licenseCodeShards }, (_, shard) => shard);
  const reads = await Promise.all(shards.map((shard) => readShard(appId, shard, filter, afterSk ?? 'CODE#', limit + 1, at)));
  const frontiers = reads.map((read) => read.frontier).filter((frontier): frontier is string => frontier !== undefined);
  const boundary = frontiers.length > 0 ? frontiers.reduce((lowest, frontier) => (frontier < lowest ? frontier : lowest)) : undefined;
  const merged = reads
    .flatMap((read) => read.codes as Keyed<LicenseCodeItem>[])
    .filter((code) => boundary === undefined || code.sk <= boundary)
    .sort((a, b) => (a.sk < b.sk ? -1 : 1));
  if (merged.length > limit) {
    const page = merged.slice(0, limit);
    return { codes: page, after: page[page.length - 1]?.sk };
  }
  return { codes: merged, after: boundary };
}

// ---- redeem ----

export async function readCodeAndConnection(
  appId: string,
  normalizedCode: string,
  globalId: string,
): Promise<{ code: LicenseCodeItem | undefined; connection: ConnectionItem | undefined }> {
  const codeKey = keys.licenseCode(appId, normalizedCode);
  const connectionKey = keys.connection(appId, globalId);
  const items = await batchGet([codeKey, connectionKey]);
  return { code: items(codeKey) as LicenseCodeItem | undefined, connection: items(connectionKey) as ConnectionItem | undefined };
}

export interface Redemption {
  code: LicenseCodeItem;
  connection: ConnectionItem;
  variant: VariantItem;
  license: LicenseItem;
  /** The connection's new redeemedLicenses list (still-active ones plus this one). */
  redeemedLicenses: RedeemedLicenseSummary[];
  at: Date;
}

export type RedemptionOutcome = 'committed' | 'codeTaken' | 'connectionChanged' | 'variantGone';

/**
 * One TransactWriteItems: the code UNUSED -> ACTIVE (only while still UNUSED and unexpired),
 * the connection's redeemedLicenses (only while active and at the statusVersion read, which
 * it bumps, so status sync and deactivation re-read), the license item (new), and a check
 * that the variant still exists. Of concurrent redemptions of one code exactly one commits.
 */
export async function commitRedemption(redemption: Redemption): Promise<RedemptionOutcome> {
  const { code, connection, variant, license, at } = redemption;
  const table = tableName();
  const version = connection.statusVersion;
  const now = at.toISOString();
  const reasons = await transact([
    {
      Update: {
        TableName: table,
        Key: keys.licenseCode(code.appId, code.normalizedCode),
        UpdateExpression: 'SET #state = :active, #owner = :owner, redeemedAt = :now, expiresAt = :expiresAt',
        ConditionExpression: '#state = :unused AND (expiresAt = :null OR expiresAt > :now)',
        ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
        ExpressionAttributeValues: {
          ':active': 'ACTIVE',
          ':unused': 'UNUSED',
          ':null': null,
          ':now': now,
          ':owner': { globalId: connection.globalId, connectionId: connection.connectionId },
          ':expiresAt': license.expiresAt,
        },
      },
    },
    {
      Update: {
        TableName: table,
        Key: keys.connection(connection.appId, connection.globalId),
        UpdateExpression: 'SET redeemedLicenses = :redeemed, statusVersion = :next',
        ConditionExpression: `isActive = :true AND ${version === undefined ? 'attribute_not_exists(statusVersion)' : 'statusVersion = :version'}`,
        ExpressionAttributeValues: {
          ':redeemed': redemption.redeemedLicenses,
          ':next': (version ?? 0) + 1,
          ':true': true,
          ...(version === undefined ? {} : { ':version': version }),
        },
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.license(license.appId, license.globalId, license.licenseId),
          ...gsi1Keys.activeLicenseOfVariant(license.variantId, license.licenseId),
          ...license,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { ConditionCheck: { TableName: table, Key: keys.variant(variant.appId, variant.variantId), ConditionExpression: 'attribute_exists(pk)' } },
  ]);
  if (!reasons) return 'committed';
  if (failed(reasons, 0) || failed(reasons, 2)) return 'codeTaken';
  if (failed(reasons, 1)) return 'connectionChanged';
  return 'variantGone';
}

/**
 * For developer deactivation (lib/connections/deactivate.ts): the redeemed license's code
 * goes ACTIVE -> EXPIRED in the same transaction that ends the license.
 */
export function expireRedeemedCodeWrite(license: LicenseItem, endedAt: string): TransactItem | undefined {
  if (license.source !== 'redeemed' || !license.normalizedCode) return undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.licenseCode(license.appId, license.normalizedCode),
      UpdateExpression: 'SET #state = :expired, endedAt = :endedAt',
      // Not conditioned on ACTIVE: the license item's own condition decides; this only follows it.
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':expired': 'EXPIRED', ':endedAt': endedAt },
    },
  };
}

// ---- the redeem failure counter (lib/licenses/redeem-throttle.ts) ----

const isConditionFailure = (error: unknown) => (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/**
 * Takes one attempt from the pair's window: ADD 1 while the window is live and under
 * `limit`, or start a new window when there is none (or it ended). Returns the window's
 * end, or `{ throttledUntil }` when the live window is full.
 */
export async function reserveRedeemAttempt(
  key: TableKey,
  limit: number,
  windowSeconds: number,
  nowSeconds: number,
): Promise<{ windowEndsAt: number } | { throttledUntil: number }> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    try {
      const output = await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'ADD failures :one',
          ConditionExpression: 'windowEndsAt > :now AND failures < :limit',
          ExpressionAttributeValues: { ':one': 1, ':now': nowSeconds, ':limit': limit },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { windowEndsAt: (output.Attributes as RedeemThrottleItem).windowEndsAt };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Error payloads are not unmarshalled: the old item is in attribute-value form.
      const old = (error as { Item?: Record<string, AttributeValue> }).Item?.windowEndsAt;
      const windowEndsAt = old && 'N' in old ? Number(old.N) : undefined;
      if (windowEndsAt !== undefined && windowEndsAt > nowSeconds) return { throttledUntil: windowEndsAt };
    }
    const windowEndsAt = nowSeconds + windowSeconds;
    const item: RedeemThrottleItem = { type: 'redeemThrottle', failures: 1, windowEndsAt, ttl: windowEndsAt };
    try {
      await db.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, ...item },
          ConditionExpression: 'attribute_not_exists(pk) OR windowEndsAt <= :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return { windowEndsAt };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Another attempt started the window first: take from it.
    }
  }
  throw new SignetError('unavailable', 'Too many concurrent redemptions; retry shortly');
}

/** Gives a reserved attempt back (the redemption succeeded), if its window is still the current one. */
export async function releaseRedeemAttempt(key: TableKey, windowEndsAt: number): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'ADD failures :minusOne',
        ConditionExpression: 'windowEndsAt = :end AND failures > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':end': windowEndsAt, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
