import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { ConnectionItem, StatusHistoryItem, VariantNameClaimItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';

/** Reads of status sync. Every read is strongly consistent: the write is conditional on what it saw. */

export const historyPageSize = 50;

const sameKey = (item: Record<string, unknown>, key: TableKey) => item.pk === key.pk && item.sk === key.sk;

/** The connection and the variant name claim in one BatchGetItem round trip. */
export async function readConnectionAndVariantClaim(
  appId: string,
  globalId: string,
  variantName: string,
): Promise<{ connection: ConnectionItem | undefined; claim: VariantNameClaimItem | undefined }> {
  const connectionKey = keys.connection(appId, globalId);
  const claimKey = keys.variantNameClaim(appId, variantName);
  const table = tableName();
  let pending: TableKey[] = [connectionKey, claimKey];
  const found: Record<string, unknown>[] = [];
  // UnprocessedKeys only appear under throttling; a handful of passes is plenty.
  for (let pass = 0; pending.length > 0; pass += 1) {
    if (pass === 5) throw new Error('BatchGetItem left keys unprocessed');
    const result = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    found.push(...(result.Responses?.[table] ?? []));
    pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as TableKey[];
  }
  return {
    connection: found.find((item) => sameKey(item, connectionKey)) as ConnectionItem | undefined,
    claim: found.find((item) => sameKey(item, claimKey)) as VariantNameClaimItem | undefined,
  };
}

export async function readConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(appId, globalId), ConsistentRead: true }));
  return Item as ConnectionItem | undefined;
}

/** The newest history entries of a connection, newest first (one Query). */
export async function readRecentHistory(appId: string, globalId: string): Promise<StatusHistoryItem[]> {
  const { pk, skPrefix } = keys.statusHistoryOfConnection(appId, globalId);
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: historyPageSize,
      ConsistentRead: true,
    }),
  );
  return (Items ?? []) as StatusHistoryItem[];
}
