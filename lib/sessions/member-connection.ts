import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { ConnectionIdPointerItem, ConnectionItem, UserItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import type { TransactItem } from '../db/transactions.js';

export interface ConnectionWrites {
  items: TransactItem[];
  /** Position (within `items`) of the application update, whose failure means the app is gone. */
  applicationIndex: number | undefined;
}

/**
 * The writes a member login makes to the user's connection with the app, for
 * the login transaction: an existing connection is reactivated and counted
 * (loginCount + 1, lastSession, profile copy); a new one is created with its
 * connectionId pointer and bumps the application's connectionCount. The
 * conditions make a concurrent first login fail the transaction (caller retries).
 */
export async function connectionLoginWrites(appId: string, user: UserItem, now: Date): Promise<ConnectionWrites> {
  const table = tableName();
  const key = keys.connection(appId, user.globalId);
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  const at = now.toISOString();
  const profile = { email: user.username, firstName: user.firstName, lastName: user.lastName };
  if (Item) {
    return {
      applicationIndex: undefined,
      items: [
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
      ],
    };
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
  return {
    applicationIndex: 2,
    items: [
      { Put: { TableName: table, Item: { ...key, ...connection }, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: table,
          Item: { ...keys.connectionIdPointer(appId, connection.connectionId), ...pointer },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: table,
          Key: keys.application(appId),
          UpdateExpression: 'ADD connectionCount :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ],
  };
}
