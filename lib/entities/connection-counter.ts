import { tableName } from '../db/table-name.js';
import { type ItemsByKey, type TransactItem } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';

/**
 * The `total` of an app's user lists without a hot item: each new connection adds 1 to
 * one of `connectionCounterShards` counter items, chosen at random, each in its own
 * partition (docs/table-design.md, "No hot item"); the total is their sum, read in one BatchGetItem.
 */
export interface ConnectionCounterShardItem {
  type: 'connectionCounterShard';
  count: number;
}

export const connectionCounterShards = 10;

export const connectionCounterShardKey = (appId: string, shard: number): TableKey => ({ pk: `CONNCOUNT#${appId}#${shard}`, sk: 'COUNT' });

export function connectionCounted(appId: string, random: () => number = Math.random): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: connectionCounterShardKey(appId, Math.floor(random() * connectionCounterShards)),
      UpdateExpression: 'SET #type = :type ADD #count :one',
      ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
      ExpressionAttributeValues: { ':type': 'connectionCounterShard', ':one': 1 },
    },
  };
}

export function connectionCounterKeys(appId: string): TableKey[] {
  return Array.from({ length: connectionCounterShards }, (_unused, shard) => connectionCounterShardKey(appId, shard));
}

/** The sum of the shards in a BatchGetItem's answer (read with other items of the same request). */
export function sumConnectionCounters(appId: string, found: ItemsByKey, legacyCount = 0): number {
  return connectionCounterKeys(appId).reduce((sum, key) => sum + ((found(key) as ConnectionCounterShardItem | undefined)?.count ?? 0), legacyCount);
}
