import { tableName } from '../config.js';
import type { ConnectionCounterShardItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { batchGet, type ItemsByKey, type TransactItem } from '../db/operations.js';

/**
 * The `total` of an app's user lists without a hot item: each new connection adds 1 to
 * one of `connectionCounterShards` counter items, chosen at random, each in its own
 * partition; the total is their sum, read in one BatchGetItem (docs/table-design.md).
 */
export const connectionCounterShards = 10;

export function connectionCounted(appId: string, random: () => number = Math.random): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.connectionCounterShard(appId, Math.floor(random() * connectionCounterShards)),
      UpdateExpression: 'SET #type = :type ADD #count :one',
      ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
      ExpressionAttributeValues: { ':type': 'connectionCounterShard', ':one': 1 },
    },
  };
}

export function connectionCounterKeys(appId: string): TableKey[] {
  return Array.from({ length: connectionCounterShards }, (_unused, shard) => keys.connectionCounterShard(appId, shard));
}

/** The sum of the shards in a BatchGetItem's answer (read with other items of the same request). */
export function sumConnectionCounters(appId: string, found: ItemsByKey, legacyCount = 0): number {
  return connectionCounterKeys(appId).reduce((sum, key) => sum + ((found(key) as ConnectionCounterShardItem | undefined)?.count ?? 0), legacyCount);
}

export async function countConnections(appId: string): Promise<number> {
  return sumConnectionCounters(appId, await batchGet(connectionCounterKeys(appId)));
}
