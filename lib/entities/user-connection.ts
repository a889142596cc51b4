import { tableName } from '../db/table-name.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import { connectionKey, type ConnectionItem } from './connection.js';
import { userPk } from './partitions.js';
import type { TransactItem } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';

/**
 * The user's side of a connection (docs/table-design.md): one pointer per application
 * the user has signed in to, in the user's partition, so account deletion finds every
 * connection without a scan. Written by each member login (new and reactivated
 * connections alike, so connections older than the pointer get one at their next login).
 * 'CONNOF#' sorts before 'PROFILE': no profile or session query reads it.
 */
export interface UserConnectionItem {
  type: 'userConnection';
  appId: string;
  connectionId: string;
}

export const userConnectionKeys = {
  pointer: (userId: number, appId: string): TableKey => ({ pk: userPk(userId), sk: `CONNOF#${appId}` }),
  ofUser: (userId: number): KeyPrefix => ({ pk: userPk(userId), skPrefix: 'CONNOF#' }),
};

/** Unconditional: the same pointer again is a no-op. */
export function putUserConnection(userId: number, appId: string, connectionId: string): TransactItem {
  const item: UserConnectionItem = { type: 'userConnection', appId, connectionId };
  return { Put: { TableName: tableName(), Item: { ...userConnectionKeys.pointer(userId, appId), ...item } } };
}

export function readConnectionsOfUser(userId: number): Promise<UserConnectionItem[]> {
  return queryAll<UserConnectionItem>(queryOf(userConnectionKeys.ofUser(userId), { consistent: true }));
}

/**
 * Account deletion: the connection's copy of the user's e-mail and name (made for user
 * lists) is erased, on condition that the connection is inactive (deactivated first; a
 * login in between would have copied the profile again).
 */
export function eraseConnectionProfile(connection: Pick<ConnectionItem, 'appId' | 'globalId' | 'statusVersion'>): TransactItem {
  // The version moves on with the user.deleted event written beside it (its sequence).
  return {
    Update: {
      TableName: tableName(),
      Key: connectionKey(connection.appId, connection.globalId),
      UpdateExpression: 'SET email = :null, firstName = :null, lastName = :null, statusVersion = :next',
      ConditionExpression: 'attribute_exists(pk) AND isActive = :false AND statusVersion = :version',
      ExpressionAttributeValues: { ':null': null, ':false': false, ':version': connection.statusVersion, ':next': connection.statusVersion + 1 },
    },
  };
}
