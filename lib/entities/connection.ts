import { tableName } from '../db/table-name.js';
import { batchGet, get, type ItemsByKey, type TransactItem } from '../db/operations.js';
import { queryFindsAny, queryOf, queryUpTo } from '../db/query.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import type { LicenseDuration } from './license.js';
import { appPk } from './partitions.js';
import { putNew } from './writes.js';

/** A user's link to an application, made by their first member login, in the app's partition. */
export interface ConnectionItem {
  type: 'connection';
  connectionId: string;
  appId: string;
  globalId: string;
  userId: number;
  isActive: boolean;
  loginCount: number;
  lastSession: string | null;
  joinedAt: string;
  /** Copied from the user at each login so user lists need no join. */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Optimistic-concurrency counter for status sync: every status change bumps it. */
  statusVersion: number;
  /**
   * The connection's ACTIVE synced licenses, maintained by status sync in the same
   * transaction as the license items, so lists need no per-user query. A summary
   * whose `expiresAt` has passed counts as not active.
   */
  syncedStatuses: SyncedStatusSummary[];
  /** When status sync last changed `syncedStatuses`; keeps history timestamps monotonic. */
  statusChangedAt?: string;
  /**
   * The connection's redeemed licenses (lib/licenses/redeem.ts), written in the redeem
   * transaction like `syncedStatuses`; status sync never touches them. One whose
   * `expiresAt` has passed counts as not active. Absent means none.
   */
  redeemedLicenses?: RedeemedLicenseSummary[];
}

export interface RedeemedLicenseSummary {
  licenseId: string;
  code: string;
  variantId: string;
  variantName: string;
  expiresAt: string | null;
  redeemedAt: string;
}

export interface SyncedStatusSummary {
  status: string;
  licenseId: string;
  variantId: string;
  variantName: string;
  expiresAt: string | null;
  /** Written by status sync so the current status is read without the license item. */
  code?: string;
  duration?: LicenseDuration;
  activatedAt?: string;
}

/** Finds a connection by its id. */
export interface ConnectionIdPointerItem {
  type: 'connectionIdPointer';
  globalId: string;
}

export const connectionKey = (appId: string, globalId: string): TableKey => ({ pk: appPk(appId), sk: `CONN#${globalId}` });
export const connectionsOfApp = (appId: string): KeyPrefix => ({ pk: appPk(appId), skPrefix: 'CONN#' });
export const connectionIdPointerKey = (appId: string, connectionId: string): TableKey => ({ pk: appPk(appId), sk: `CONNID#${connectionId}` });

/** Whether a stored expiry still lets a license count as ACTIVE at `at` (null: never expires). */
export function isUnexpired(expiresAt: string | null | undefined, at: Date): boolean {
  return expiresAt === null || expiresAt === undefined || Date.parse(expiresAt) > at.getTime();
}

/** A connection's redeemed licenses that are still ACTIVE at `at`. */
export function activeRedeemedLicenses(connection: { redeemedLicenses?: RedeemedLicenseSummary[] }, at: Date): RedeemedLicenseSummary[] {
  return (connection.redeemedLicenses ?? []).filter((license) => isUnexpired(license.expiresAt, at));
}

/** The connection's synced statuses that are still ACTIVE at `at`, and the lapsed rest. */
export function syncedStatusesByExpiry(connection: Pick<ConnectionItem, 'syncedStatuses'>, at: Date) {
  const statuses = connection.syncedStatuses ?? [];
  return {
    active: statuses.filter((summary) => isUnexpired(summary.expiresAt, at)),
    lapsed: statuses.filter((summary) => !isUnexpired(summary.expiresAt, at)),
  };
}

export function connectionIn(found: ItemsByKey, appId: string, globalId: string): ConnectionItem | undefined {
  return found(connectionKey(appId, globalId)) as ConnectionItem | undefined;
}

export function readConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  return get<ConnectionItem>(connectionKey(appId, globalId));
}

/** The globalId a connectionId names, or undefined. */
export async function readConnectionIdPointer(appId: string, connectionId: string): Promise<string | undefined> {
  return (await get<ConnectionIdPointerItem>(connectionIdPointerKey(appId, connectionId)))?.globalId;
}

/** The connection and other items of the same request, in one BatchGetItem. */
export async function readConnectionWith(appId: string, globalId: string, others: Array<TableKey | undefined>): Promise<{ connection: ConnectionItem | undefined; found: ItemsByKey }> {
  const found = await batchGet([connectionKey(appId, globalId), ...others]);
  return { connection: connectionIn(found, appId, globalId), found };
}

/** Up to `wanted` connections of the app after `startKey`, in globalId order. */
export async function readConnectionsAfter(appId: string, wanted: number, startKey: TableKey | undefined): Promise<ConnectionItem[]> {
  return (await queryUpTo<ConnectionItem>(queryOf(connectionsOfApp(appId)), wanted, { from: startKey ? { ...startKey } : undefined })).items;
}

/** Whether any connection of the app is active: key-only pages until one is found (usually one Query). */
export function hasActiveConnection(appId: string): Promise<boolean> {
  return queryFindsAny(queryOf(connectionsOfApp(appId), { filter: 'isActive = :true', values: { ':true': true }, projection: 'pk' }));
}

/** A member login's reactivation of an existing connection: counted, with the profile copy refreshed. */
export function connectionLoginUpdate(appId: string, globalId: string, at: string, profile: Pick<ConnectionItem, 'email' | 'firstName' | 'lastName'>): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: connectionKey(appId, globalId),
      UpdateExpression: 'SET isActive = :true, lastSession = :now, email = :email, firstName = :firstName, lastName = :lastName ADD loginCount :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true, ':now': at, ':email': profile.email, ':firstName': profile.firstName, ':lastName': profile.lastName, ':one': 1 },
    },
  };
}

/** A first login's new connection and its connectionId pointer, both new. */
export function connectionCreateWrites(connection: ConnectionItem): TransactItem[] {
  const pointer: ConnectionIdPointerItem = { type: 'connectionIdPointer', globalId: connection.globalId };
  return [
    putNew({ ...connectionKey(connection.appId, connection.globalId), ...connection }),
    putNew({ ...connectionIdPointerKey(connection.appId, connection.connectionId), ...pointer }),
  ];
}

/** `attribute_not_exists(statusVersion)` for an item without one, else the version read. */
function versionCondition(version: number | undefined, placeholder: string): { expression: string; values: Record<string, unknown> } {
  return version === undefined
    ? { expression: 'attribute_not_exists(statusVersion)', values: {} }
    : { expression: `statusVersion = ${placeholder}`, values: { [placeholder]: version } };
}

/**
 * A status change (status sync): the connection's conditional version bump with its new
 * synced statuses. It fails when another change committed since the read (or the
 * connection was deactivated), and then nothing of the change is written.
 */
export function connectionStatusUpdate(change: {
  appId: string;
  globalId: string;
  expectedVersion: number | undefined;
  nextVersion: number;
  syncedStatuses: SyncedStatusSummary[];
  at: string;
}): TransactItem {
  const version = versionCondition(change.expectedVersion, ':expectedVersion');
  return {
    Update: {
      TableName: tableName(),
      Key: connectionKey(change.appId, change.globalId),
      ConditionExpression: `attribute_exists(pk) AND isActive = :true AND ${version.expression}`,
      UpdateExpression: 'SET statusVersion = :nextVersion, syncedStatuses = :synced, statusChangedAt = :at',
      ExpressionAttributeValues: { ':true': true, ':nextVersion': change.nextVersion, ':synced': change.syncedStatuses, ':at': change.at, ...version.values },
    },
  };
}

/** A redemption: the connection's redeemed licenses, while active and at the version read (which it bumps). */
export function connectionRedeemedUpdate(connection: ConnectionItem, redeemedLicenses: RedeemedLicenseSummary[]): TransactItem {
  const read = connection.statusVersion as number | undefined;
  const version = versionCondition(read, ':version');
  return {
    Update: {
      TableName: tableName(),
      Key: connectionKey(connection.appId, connection.globalId),
      UpdateExpression: 'SET redeemedLicenses = :redeemed, statusVersion = :next',
      ConditionExpression: `isActive = :true AND ${version.expression}`,
      ExpressionAttributeValues: { ':redeemed': redeemedLicenses, ':next': (read ?? 0) + 1, ':true': true, ...version.values },
    },
  };
}

/**
 * A developer's deletion: inactive, no synced or redeemed licenses, the version bumped;
 * conditioned on the version read (status sync bumps it in every change).
 */
export function connectionDeactivate(connection: ConnectionItem, at: string): TransactItem {
  const read = connection.statusVersion as number | undefined;
  const hadStatuses = (connection.syncedStatuses ?? []).length > 0;
  return {
    Update: {
      TableName: tableName(),
      Key: connectionKey(connection.appId, connection.globalId),
      UpdateExpression: `SET isActive = :false, syncedStatuses = :none, redeemedLicenses = :none, statusVersion = if_not_exists(statusVersion, :zero) + :one${
        hadStatuses ? ', statusChangedAt = :now' : ''
      }`,
      ConditionExpression: read === undefined ? 'attribute_exists(pk) AND attribute_not_exists(statusVersion)' : 'statusVersion = :version',
      ExpressionAttributeValues: {
        ':false': false,
        ':none': [],
        ':zero': 0,
        ':one': 1,
        ...(hadStatuses ? { ':now': at } : {}),
        ...(read === undefined ? {} : { ':version': read }),
      },
    },
  };
}
