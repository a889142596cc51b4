import { randomUUID } from 'node:crypto';
import { applicationExistsCheck } from '../entities/application.js';
import { connectionCounted } from '../entities/connection-counter.js';
import { connectionCreateWrites, connectionLoginUpdate, readConnection, type ConnectionItem } from '../entities/connection.js';
import { putUserConnection } from '../entities/user-connection.js';
import type { UserItem } from '../entities/user.js';
import type { TransactItem } from '../db/operations.js';
import { connectionEventPut } from '../entities/event.js';

/**
 * The member's connection for a login, started before it is needed (the caller awaits it
 * only once the password or token is proven): by the globalId the user's claim carries,
 * alongside the profile read, or else (claims older than that) by the profile's, while
 * scrypt runs.
 */
export function prefetchConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  const read = readConnection(appId, globalId);
  read.catch(() => undefined); // never an unhandled rejection: openSession awaits it, or the login failed before
  return read;
}

export function readConnectionForLogin(appId: string, user: UserItem): Promise<ConnectionItem | undefined> {
  return readConnection(appId, user.globalId);
}

/**
 * The writes a member login makes to the user's connection with the app, for the
 * login transaction. The first is a check that the application still exists: a login
 * racing the app's deletion (which releases its hostname claim) must not create or
 * reactivate a connection of a deleted app. An existing connection is reactivated and
 * counted (loginCount + 1, lastSession, profile copy); a new one is created with its
 * connectionId pointer and counted in a shard of the app's connection counter (never
 * the application item: no hot item). The conditions make a concurrent first login
 * fail the transaction (the optimistic runner reads again).
 */
export function connectionLoginWrites(appId: string, user: UserItem, existing: ConnectionItem | undefined, now: Date): TransactItem[] {
  const at = now.toISOString();
  const profile = { email: user.username, firstName: user.firstName, lastName: user.lastName };
  // Account deletion finds the user's connections by the user-connection pointer (connections older than it get one here).
  if (existing) {
    return [
      applicationExistsCheck(appId),
      connectionLoginUpdate(appId, user.globalId, at, profile),
      putUserConnection(user.userId, appId, existing.connectionId),
    ];
  }
  const connection: ConnectionItem = {
    type: 'connection',
    connectionId: randomUUID(),
    appId,
    globalId: user.globalId,
    userId: user.userId,
    isActive: true,
    loginCount: 1,
    lastSession: at,
    joinedAt: at,
    ...profile,
    statusVersion: 0,
    syncedStatuses: [],
  };
  return [
    applicationExistsCheck(appId),
    ...connectionCreateWrites(connection),
    connectionCounted(appId),
    putUserConnection(user.userId, appId, connection.connectionId),
    connectionEventPut({ type: 'connection.created', connection, sequence: connection.statusVersion, before: undefined, after: connection, at: now }),
  ];
}
