import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isAppId } from '../applications/ids.js';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { ApplicationItem, ConnectionIdPointerItem, ConnectionItem, LicenseItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { queryAll, queryOf } from '../db/query.js';
import { conditionFailed, transactWrite, type TransactItem } from '../db/transactions.js';
import { SignetError } from '../errors.js';
import { expireRedeemedCodeWrite } from '../licenses/repository.js';
import { developerConnectionView, type DeveloperConnectionView } from './views.js';

export interface DeactivatedConnection {
  user: DeveloperConnectionView;
  endedSessionCount: number;
  expiredLicenseIds: string[];
}

const maxAttempts = 5;
const maxTransactItems = 100;
const connectionIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

function connectionNotFound(): SignetError {
  return new SignetError('notFound', 'No such connected user');
}

async function getItem<T>(key: TableKey): Promise<T | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item as T | undefined;
}

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

  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const connection = await getItem<ConnectionItem>(keys.connection(appId, pointer.globalId));
    if (!connection) throw connectionNotFound();
    const [sessions, licenses] = await Promise.all([
      memberSessionKeys(connection.userId, appId),
      storedActiveLicenses(appId, connection.globalId),
    ]);
    const now = new Date();
    const at = now.toISOString();
    // Sessions first: they must end in the first transaction even when licenses need more.
    const writes = [
      deactivateConnectionItem(connection, at),
      ...sessions.map((key): TransactItem => ({ Delete: { TableName: tableName(), Key: key } })),
      ...licenses.flatMap((license) => {
        // A redeemed license's code ends with it, in the same transaction.
        const codeWrite = expireRedeemedCodeWrite(license, expireLicenseEndedAt(license, now));
        return codeWrite ? [expireLicenseItem(license, now), codeWrite] : [expireLicenseItem(license, now)];
      }),
    ];
    const [first = [], ...rest] = chunks(writes, maxTransactItems);
    const reasons = await transactWrite(first);
    if (reasons) {
      if (conditionFailed(reasons, 0) && !(await getItem<ConnectionItem>(keys.connection(appId, pointer.globalId)))) {
        throw connectionNotFound();
      }
      continue; // the connection or a license changed under us: read again
    }
    // Only with more than 99 sessions + licenses: the remaining license expiries cannot share
    // the first transaction. If one fails, the request fails (503) with the connection already
    // inactive and its sessions ended; repeating the DELETE re-reads and expires the rest.
    for (const chunk of rest) await transactWrite(chunk);
    const expiredLicenseIds = licenses.filter((license) => !hasLapsed(license, now)).map((license) => license.licenseId);
    return {
      user: developerConnectionView({ ...connection, isActive: false, syncedStatuses: [], redeemedLicenses: [] }, now),
      endedSessionCount: sessions.length,
      expiredLicenseIds,
    };
  }
  throw new SignetError('unavailable', 'The connection is being changed concurrently; retry shortly');
}
