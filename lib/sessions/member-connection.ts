import { randomUUID } from 'node:crypto';
import { tableName } from '../config.js';
import { connectionCounted } from '../connections/counter.js';
import type { ConnectionIdPointerItem, ConnectionItem, UserItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { get, type TransactItem } from '../db/operations.js';
import { connectionEventPut } from '../entities/event.js';

export function readConnectionForLogin(appId: string, user: UserItem): Promise<ConnectionItem | undefined> {
  return get<ConnectionItem>(keys.connection(appId, user.globalId));
}

/**
 * The writes a member login makes to the user's connection with the app, for the
 * login transaction: an existing connection is reactivated and counted (loginCount + 1,
 * lastSession, profile copy); a new one is created with its connectionId pointer and
 * counted in a shard of the app's connection counter (never the application item: no
 * hot item). The conditions make a concurrent first login fail the transaction (the
 * optimistic runner reads again).
 */
export function connectionLoginWrites(appId: string, user: UserItem, existing: ConnectionItem | undefined, now: Date): TransactItem[] {
  const table = tableName();
  const key = keys.connection(appId, user.globalId);
  const at = now.toISOString();
  const profile = { email: user.username, firstName: user.firstName, lastName: user.lastName };
  if (existing) {
    return [
      {
        Update: {
          TableName: table,
          Key: key,
          UpdateExpression:
            'SET isActive = :true, lastSession = :now, email = :email, firstName = :firstName, lastName = :lastName ADD loginCount :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':true': true,
            ':now': at,
            ':email': profile.email,
            ':firstName': profile.firstName,
            ':lastName': profile.lastName,
            ':one': 1,
          },
        },
      },
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
  const pointer: ConnectionIdPointerItem = { type: 'connectionIdPointer', globalId: user.globalId };
  return [
    { Put: { TableName: table, Item: { ...key, ...connection }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: table,
        Item: { ...keys.connectionIdPointer(appId, connection.connectionId), ...pointer },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    connectionCounted(appId),
    connectionEventPut({ type: 'connection.created', connection, sequence: connection.statusVersion, before: undefined, after: connection, at: now }),
  ];
}
