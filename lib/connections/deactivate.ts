import { isAppId } from '../applications/ids.js';
import { now as clockNow } from '../clock.js';
import { tableName } from '../config.js';
import type { ApplicationItem, ConnectionIdPointerItem, ConnectionItem, LicenseItem, StatusHistoryItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { get, transact, type TransactItem } from '../db/operations.js';
import { backOffAfterContention, runOptimistic } from '../db/optimistic.js';
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

/** One item of each transaction is the idempotency guard (lib/db/operations.ts transact). */
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

/** One `revoked` history entry per license the deletion ends (docs/api.md, Developer), in the change's version. */
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

/**
 * Packs groups of writes into transactions of at most `size` items, never splitting a
 * group: a license's expiry, its code's and its history entry commit together, so a
 * repeat that re-reads the still-ACTIVE licenses finds exactly what is left to do.
 */
function packed(groups: TransactItem[][], size: number): TransactItem[][] {
  const result: TransactItem[][] = [];
  for (const group of groups) {
    const last = result.at(-1);
    if (last && last.length + group.length <= size) last.push(...group);
    else result.push([...group]);
  }
  return result;
}

function partlyDone(): SignetError {
  return new SignetError('unavailable', 'The connection is deactivated but not all its licenses are expired yet; repeat the DELETE to finish', {
    headers: { 'Retry-After': '1' },
  });
}

/**
 * A follow-up transaction of the deletion: retried while only contention stops it, until
 * the deadline. A failed condition (a license changed since the read) ends the request
 * with a 503: the first transaction committed, so its outcome is `unknown`, and a repeat
 * re-reads and finishes. Never a 200 that lists licenses it did not expire.
 */
async function commitFollowUp(chunk: TransactItem[], result: DeactivatedConnection): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await transact(chunk, { result });
    if (outcome.kind === 'committed') return;
    if (outcome.kind === 'conditionFailed') throw partlyDone();
    await backOffAfterContention(attempt);
  }
}

/**
 * DELETE /api/developer/applications/:appId/users/:connectionId: the connection
 * becomes inactive, its member sessions of this app end, its ACTIVE licenses
 * expire and its synced statuses are cleared, in one TransactWriteItems
 * conditioned on the connection's statusVersion (a concurrent status sync makes
 * it re-read and retry); only beyond 99 writes (connection, sessions, license
 * expiries, codes, history entries) do the remaining licenses follow in further
 * transactions (see commitFollowUp; repeating the DELETE finishes them).
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
  let planned = false;
  const deactivation = (answer?: DeactivatedConnection) =>
    runOptimistic({
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
        planned = true;
        const now = clockNow();
        const at = connection.statusChangedAt && connection.statusChangedAt > now.toISOString() ? connection.statusChangedAt : now.toISOString();
        const ended = licenses.filter((license) => !hasLapsed(license, now));
        const result = answer ?? {
          user: developerConnectionView({ ...connection, isActive: false, syncedStatuses: [], redeemedLicenses: [] }, now),
          endedSessionCount: sessions.length,
          expiredLicenseIds: ended.map((license) => license.licenseId),
        };
        // Already inactive with nothing left to end: nothing to write.
        if (!connection.isActive && sessions.length === 0 && licenses.length === 0) {
          rest = [];
          return { items: [], result };
        }
        // The connection and its sessions first: they end in the first transaction even when licenses need more.
        const licenseGroups = licenses.map((license) => {
          // A redeemed license's code ends with it, and its history entry is written with it.
          const codeWrite = expireRedeemedCodeWrite(license, expireLicenseEndedAt(license, now));
          const index = ended.indexOf(license);
          return [
            expireLicenseItem(license, now),
            ...(codeWrite ? [codeWrite] : []),
            ...(index >= 0 ? [revokedHistoryEntry(connection, license, index, at, developerUserId)] : []),
          ];
        });
        const [first = [], ...others] = packed(
          [[deactivateConnectionItem(connection, at)], ...sessions.map((key): TransactItem[] => [{ Delete: { TableName: tableName(), Key: key } }]), ...licenseGroups],
          maxTransactItems,
        );
        rest = others;
        return { items: first, result };
      },
    });
  let result = await deactivation();
  // An earlier attempt of this idempotent request committed the first transaction and its
  // answer was lost (the runner returned that result without reading): re-read and finish
  // what the earlier attempt may have left, answering with its result.
  if (!planned) result = await deactivation(result);
  // Only with more than 99 writes: the rest cannot share the first transaction.
  for (const chunk of rest) await commitFollowUp(chunk, result);
  return result;
}
