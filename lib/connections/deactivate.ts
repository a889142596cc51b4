import { isAppId } from '../applications/ids.js';
import { now as clockNow } from '../clock.js';
import { tableName } from '../config.js';
import type { ApplicationItem, ConnectionIdPointerItem, ConnectionItem, LicenseItem, StatusHistoryItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { get, transact, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { queryAll, queryOf } from '../db/query.js';
import { SignetError } from '../errors.js';
import { expireRedeemedCodeWrite } from '../licenses/repository.js';
import { historyEntryId } from '../status-sync/identifiers.js';
import { developerConnectionView, type DeveloperConnectionView } from './views.js';

export interface DeactivatedConnection {
  user: DeveloperConnectionView;
  endedSessionCount: number;
  expiredLicenseIds: string[];
}

/** One item of the first transaction is the idempotency guard (lib/db/operations.ts transact). */
const maxTransactItems = 99;
const connectionIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

function connectionNotFound(): SignetError {
  return new SignetError('notFound', 'No such connected user');
}

const getItem = <T>(key: TableKey) => get<T>(key);

/** Keys of the user's member sessions of this app (admin and other apps' sessions are left alone). */
function memberSessionKeys(userId: number, appId: string): Promise<TableKey[]> {
  return queryAll<TableKey>(
    queryOf(keys.sessionsOfUser(userId), {
      filter: '#scope = :appId',
      names: { '#scope': 'scope' },
      values: { ':appId': appId },
      projection: 'pk, sk',
      consistent: true,
    }),
  );
}

/** The connection's license items stored as ACTIVE (synced or not). */
function storedActiveLicenses(appId: string, globalId: string): Promise<LicenseItem[]> {
  return queryAll<LicenseItem>(
    queryOf(keys.licensesOfConnection(appId, globalId), {
      filter: '#state = :active',
      names: { '#state': 'state' },
      values: { ':active': 'ACTIVE' },
      consistent: true,
    }),
  );
}

function deactivateConnectionItem(connection: ConnectionItem, now: string): TransactItem {
  const version = connection.statusVersion;
  const hadStatuses = (connection.syncedStatuses ?? []).length > 0;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.connection(connection.appId, connection.globalId),
      UpdateExpression: `SET isActive = :false, syncedStatuses = :none, redeemedLicenses = :none, statusVersion = if_not_exists(statusVersion, :zero) + :one${
        hadStatuses ? ', statusChangedAt = :now' : ''
      }`,
      // Status sync bumps statusVersion in every change, so this fails if it wrote in between.
      ConditionExpression: version === undefined ? 'attribute_exists(pk) AND attribute_not_exists(statusVersion)' : 'statusVersion = :version',
      ExpressionAttributeValues: {
        ':false': false,
        ':none': [],
        ':zero': 0,
        ':one': 1,
        ...(hadStatuses ? { ':now': now } : {}),
        ...(version === undefined ? {} : { ':version': version }),
      },
    },
  };
}

/** ACTIVE -> EXPIRED and out of the variant index; a license already past its expiry is recorded as lapsed. */
function hasLapsed(license: LicenseItem, now: Date): boolean {
  return license.expiresAt !== null && Date.parse(license.expiresAt) <= now.getTime();
}

function expireLicenseEndedAt(license: LicenseItem, now: Date): string {
  return hasLapsed(license, now) && license.expiresAt ? license.expiresAt : now.toISOString();
}

function expireLicenseItem(license: LicenseItem, now: Date): TransactItem {
  const lapsed = hasLapsed(license, now);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.license(license.appId, license.globalId, license.licenseId),
      UpdateExpression: 'SET #state = :expired, endedAt = :endedAt, endReason = :reason REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#state = :active',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':expired': 'EXPIRED',
        ':active': 'ACTIVE',
        ':endedAt': lapsed ? license.expiresAt : now.toISOString(),
        ':reason': lapsed ? 'lapsed' : 'connectionDeleted',
      },
    },
  };
}

/** One `revoked` history entry per license the deletion ends (API.md §4), in the change's version. */
function revokedHistoryEntry(connection: ConnectionItem, license: LicenseItem, index: number, at: string, developerUserId: number): TransactItem {
  const statusVersion = (connection.statusVersion ?? 0) + 1;
  const entry: StatusHistoryItem = {
    type: 'statusHistory',
    entryId: historyEntryId(statusVersion, index),
    at,
    action: 'revoked',
    status: license.status,
    licenseId: license.licenseId,
    variantId: license.variantId,
    before: connection.syncedStatuses?.[0]?.status ?? null,
    after: null,
    statusVersion,
    by: { userId: developerUserId },
  };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.statusHistory(connection.appId, connection.globalId, at, entry.entryId), ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * DELETE /api/developer/applications/:appId/users/:connectionId: the connection
 * becomes inactive, its member sessions of this app end, its ACTIVE licenses
 * expire and its synced statuses are cleared, in one TransactWriteItems
 * conditioned on the connection's statusVersion (a concurrent status sync makes
 * it re-read and retry); only beyond 99 sessions + licenses do the remaining
 * license expiries follow in further transactions (idempotent: repeat the DELETE).
 * The connection, its licenses and its status history are kept; a later login
 * reactivates the connection.
 */
export async function deactivateConnection(
  appId: string,
  connectionId: string,
  scope: { ownerUserId?: number } = {},
  developerUserId: number = scope.ownerUserId ?? 0,
): Promise<DeactivatedConnection> {
  // A path segment that cannot be an appId names no app (and may be too long for a key): nothing to read.
  if (!isAppId(appId)) throw new SignetError('notFound', 'No such application');
  const wellFormed = connectionIdPattern.test(connectionId);
  const [application, pointer] = await Promise.all([
    getItem<ApplicationItem>(keys.application(appId)),
    wellFormed ? getItem<ConnectionIdPointerItem>(keys.connectionIdPointer(appId, connectionId)) : undefined,
  ]);
  if (!application || (scope.ownerUserId !== undefined && application.ownerUserId !== scope.ownerUserId)) {
    throw new SignetError('notFound', 'No such application');
  }
  if (!pointer) throw connectionNotFound();

  let rest: TransactItem[][] = [];
  const result = await runOptimistic({
    read: async () => {
      const connection = await getItem<ConnectionItem>(keys.connection(appId, pointer.globalId));
      if (!connection) throw connectionNotFound();
      const [sessions, licenses] = await Promise.all([
        memberSessionKeys(connection.userId, appId),
        storedActiveLicenses(appId, connection.globalId),
      ]);
      return { connection, sessions, licenses };
    },
    plan: ({ connection, sessions, licenses }) => {
      const now = clockNow();
      const at = connection.statusChangedAt && connection.statusChangedAt > now.toISOString() ? connection.statusChangedAt : now.toISOString();
      const ended = licenses.filter((license) => !hasLapsed(license, now));
      // Sessions first: they must end in the first transaction even when licenses need more.
      const writes = [
        deactivateConnectionItem(connection, at),
        ...sessions.map((key): TransactItem => ({ Delete: { TableName: tableName(), Key: key } })),
        ...licenses.flatMap((license) => {
          // A redeemed license's code ends with it, in the same transaction.
          const codeWrite = expireRedeemedCodeWrite(license, expireLicenseEndedAt(license, now));
          return codeWrite ? [expireLicenseItem(license, now), codeWrite] : [expireLicenseItem(license, now)];
        }),
        ...ended.map((license, index) => revokedHistoryEntry(connection, license, index, at, developerUserId)),
      ];
      const [first = [], ...others] = chunks(writes, maxTransactItems);
      rest = others;
      return {
        items: first,
        result: {
          user: developerConnectionView({ ...connection, isActive: false, syncedStatuses: [], redeemedLicenses: [] }, now),
          endedSessionCount: sessions.length,
          expiredLicenseIds: ended.map((license) => license.licenseId),
        },
      };
    },
  });
  // Only with more than 98 sessions + licenses + history entries: the rest cannot share the
  // first transaction. If one fails, the request fails (503) with the connection already
  // inactive and its sessions ended; repeating the DELETE re-reads and expires the rest.
  for (const chunk of rest) await transact(chunk, { result });
  return result;
}
