import { tableName } from '../config.js';
import { keys } from '../db/keys.js';
import type { TransactItem } from '../db/operations.js';

/**
 * A transaction item that holds only while `ownerUserId` owns the app, so a write
 * checks ownership in its own round trip instead of a read before it.
 */
export function ownedApplicationCheck(appId: string, ownerUserId: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.application(appId),
      ConditionExpression: 'attribute_exists(pk) AND ownerUserId = :owner',
      ExpressionAttributeValues: { ':owner': ownerUserId },
    },
  };
}
