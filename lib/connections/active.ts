import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import { keys } from '../db/keys.js';

/**
 * Whether any connection of the app is active (readiness checks). Reads pages of
 * key-only results until it finds one, so it usually costs one Query.
 */
export async function hasActiveConnection(appId: string): Promise<boolean> {
  const range = keys.connectionsOfApp(appId);
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'isActive = :true',
        ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix, ':true': true },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: startKey,
      }),
    );
    if ((page.Items ?? []).length > 0) return true;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return false;
}
