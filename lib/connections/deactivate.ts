import { isAppId } from '../applications/ids.js';
import { now as clockNow } from '../clock.js';
import type { TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { readApplication } from '../entities/application.js';
import { connectionDeactivate, readConnection, readConnectionIdPointer, type ConnectionItem } from '../entities/connection.js';
import { codeExpireUpdate } from '../entities/license-code.js';
import { licenseEnd, readStoredActiveLicenses, type LicenseItem } from '../entities/license.js';
import { sessionKeysOfScope } from '../entities/session.js';
import { historyEntryId, historyPut } from '../entities/status-history.js';
import { deleteItem } from '../entities/writes.js';
import { SignetError } from '../errors.js';
import { connectionEventPut } from '../entities/event.js';
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

/** The outbox event, in the connection's own write; a repeat that only finishes licenses emits none. */
function deactivatedEvent(connection: ConnectionItem, at: Date): TransactItem[] {
  if (!connection.isActive) return [];
  const after = { ...connection, isActive: false, syncedStatuses: [], redeemedLicenses: [] };
  return [connectionEventPut({ type: 'connection.deactivated', connection, sequence: (connection.statusVersion ?? 0) + 1, before: connection, after, at })];
}

/** A license already past its expiry is recorded as lapsed, at its expiry; any other ends now. */
function hasLapsed(license: LicenseItem, now: Date): boolean {
  return license.expiresAt !== null && Date.parse(license.expiresAt) <= now.getTime();
}

/**
 * The writes that end one license, as status sync ends one (lib/entities): ACTIVE ->
 * EXPIRED (only while still ACTIVE), a redeemed license's code with it, and a `revoked`
 * history entry (docs/api.md, Developer) in the change's version when the license was live.
 */
function licenseEndWrites(connection: ConnectionItem, license: LicenseItem, index: number, at: string, now: Date, developerUserId: number): TransactItem[] {
  const lapsed = hasLapsed(license, now);
  const endedAt = lapsed && license.expiresAt ? license.expiresAt : now.toISOString();
  const writes = [licenseEnd(license, endedAt, lapsed ? 'lapsed' : 'connectionDeleted', { onlyIfActive: true })];
  if (license.source === 'redeemed' && license.normalizedCode) writes.push(codeExpireUpdate(license.appId, license.normalizedCode, endedAt));
  if (index >= 0) {
    const statusVersion = (connection.statusVersion ?? 0) + 1;
    writes.push(
      historyPut(connection.appId, connection.globalId, {
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
      }),
    );
  }
  return writes;
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
 * A follow-up transaction of the deletion, through the optimistic runner: retried while
 * only contention stops it, until the deadline. A failed condition (a license changed
 * since the read) ends the request with a 503: the first transaction committed, so its
 * outcome is `unknown`, and a repeat re-reads and finishes. Never a 200 that lists
 * licenses it did not expire.
 */
function commitFollowUp(chunk: TransactItem[], result: DeactivatedConnection): Promise<DeactivatedConnection> {
  return runOptimistic({
    read: async () => undefined,
    plan: () => ({
      items: chunk,
      result,
      onConditionFailed: () => {
        throw partlyDone();
      },
    }),
  });
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
  const [application, globalId] = await Promise.all([readApplication(appId), wellFormed ? readConnectionIdPointer(appId, connectionId) : undefined]);
  if (!application || (scope.ownerUserId !== undefined && application.ownerUserId !== scope.ownerUserId)) {
    throw new SignetError('notFound', 'No such application');
  }
  if (globalId === undefined) throw connectionNotFound();

  let rest: TransactItem[][] = [];
  // A keyed retry whose earlier attempt committed the first transaction (its answer was lost)
  // resumes: it re-reads and finishes what may be left, answering with the committed result.
  const result = await runOptimistic<{ connection: ConnectionItem; sessions: Awaited<ReturnType<typeof sessionKeysOfScope>>; licenses: LicenseItem[] }, DeactivatedConnection>({
    afterLostCommit: 'resume',
    read: async () => {
      const connection = await readConnection(appId, globalId);
      if (!connection) throw connectionNotFound();
      const [sessions, licenses] = await Promise.all([sessionKeysOfScope(connection.userId, appId), readStoredActiveLicenses(appId, connection.globalId)]);
      return { connection, sessions, licenses };
    },
    plan: ({ connection, sessions, licenses }, committed) => {
      const now = clockNow();
      const at = connection.statusChangedAt && connection.statusChangedAt > now.toISOString() ? connection.statusChangedAt : now.toISOString();
      const ended = licenses.filter((license) => !hasLapsed(license, now));
      const result = committed ?? {
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
      const [first = [], ...others] = packed(
        [
          [connectionDeactivate(connection, at), ...deactivatedEvent(connection, now)],
          ...sessions.map((key) => [deleteItem(key)]),
          ...licenses.map((license) => licenseEndWrites(connection, license, ended.indexOf(license), at, now, developerUserId)),
        ],
        maxTransactItems,
      );
      rest = others;
      return { items: first, result };
    },
  });
  // Only with more than 99 writes: the rest cannot share the first transaction.
  for (const chunk of rest) await commitFollowUp(chunk, result);
  return result;
}
