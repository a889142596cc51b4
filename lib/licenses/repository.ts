import { tableName } from '../config.js';
import type {
  ApplicationItem,
  ConnectionItem,
  LicenseCodeItem,
  LicenseItem,
  RedeemedLicenseSummary,
  SessionItem,
  VariantItem,
} from '../db/items.js';
import { gsi1Keys, keys, licenseCodeShards, type TableKey } from '../db/keys.js';
import { batchGet, putAll, type TransactItem } from '../db/operations.js';
import { queryPage } from '../db/query.js';

/**
 * Every DynamoDB access of license codes, in one file (docs/table-design.md, "License
 * codes"), all through lib/db: reads by key are one BatchGetItem, generated codes go
 * through putAll, and the conditional writes are planned here and committed by the
 * optimistic runner (lib/licenses/redeem.ts, import-codes.ts).
 */

type Keyed<T> = T & TableKey;

// ---- applications, variants, sessions ----

export async function readApplicationAndVariant(
  appId: string,
  variantId: string | undefined,
): Promise<{ application: ApplicationItem | undefined; variant: VariantItem | undefined }> {
  const variantKey = variantId === undefined ? undefined : keys.variant(appId, variantId);
  const items = await batchGet([keys.application(appId), variantKey]);
  return {
    application: items(keys.application(appId)) as ApplicationItem | undefined,
    variant: items(variantKey) as VariantItem | undefined,
  };
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

const codeItem = (code: LicenseCodeItem) => ({ ...keys.licenseCode(code.appId, code.normalizedCode), ...code });

/**
 * Writes new codes with BatchWriteItem (lib/db putAll). No condition: generated codes
 * carry 80 random bits, so a collision with any existing code is negligible
 * (docs/table-design.md, L2).
 */
export async function putGeneratedCodes(codes: LicenseCodeItem[]): Promise<void> {
  await putAll(codes.map(codeItem));
}

/**
 * A retried generation (lib/licenses/generate-codes.ts): writes only the codes its
 * earlier attempt did not, so a code redeemed meanwhile is never put back to UNUSED.
 */
export async function putMissingCodes(codes: LicenseCodeItem[]): Promise<void> {
  const parts = Array.from({ length: Math.ceil(codes.length / 100) }, (_, part) => codes.slice(part * 100, part * 100 + 100));
  const existing = await Promise.all(parts.map(readExistingCodes));
  await putAll(codes.filter((code) => !existing.some((found) => found.has(code.normalizedCode))).map(codeItem));
}

/** The variant still exists (the transaction that fixes a generated batch). */
export function variantExistsCheck(appId: string, variantId: string): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: keys.variant(appId, variantId), ConditionExpression: 'attribute_exists(pk)' } };
}

/** Which of these codes already exist (one BatchGetItem of up to 100 keys). */
export async function readExistingCodes(codes: LicenseCodeItem[]): Promise<Set<string>> {
  const items = await batchGet(codes.map((code) => keys.licenseCode(code.appId, code.normalizedCode)));
  return new Set(codes.filter((code) => items(keys.licenseCode(code.appId, code.normalizedCode)) !== undefined).map((code) => code.normalizedCode));
}

/** The Puts of imported codes, each `attribute_not_exists(pk)`: a code is written whole or not at all. */
export function importedCodeWrites(codes: LicenseCodeItem[]): TransactItem[] {
  return codes.map((code) => ({ Put: { TableName: tableName(), Item: codeItem(code), ConditionExpression: 'attribute_not_exists(pk)' } }));
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
    const output = await queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND sk > :after',
        FilterExpression: filtered.filter,
        ExpressionAttributeNames: filtered.names,
        ExpressionAttributeValues: { ':pk': range.pk, ':after': afterSk, ...filtered.values },
        // A filtered read takes whole pages: the filter drops an unknown share of them.
        Limit: filtered.filter ? undefined : wanted - codes.length,
        ConsistentRead: true,
      },
      startKey,
    );
    codes.push(...(output.items as unknown as Keyed<LicenseCodeItem>[]));
    startKey = output.lastKey;
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

/**
 * The writes of one redemption, one TransactWriteItems: the code UNUSED -> ACTIVE (only
 * while still UNUSED and unexpired), the connection's redeemedLicenses (only while active
 * and at the statusVersion read, which it bumps, so status sync and deactivation re-read),
 * the license item (new), and a check that the variant still exists. Of concurrent
 * redemptions of one code exactly one commits.
 */
export function redemptionWrites(redemption: Redemption): TransactItem[] {
  const { code, connection, variant, license, at } = redemption;
  const table = tableName();
  const version = connection.statusVersion;
  const now = at.toISOString();
  return [
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
  ];
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

