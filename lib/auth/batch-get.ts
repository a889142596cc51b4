import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { TableKey } from '../db/keys.js';

export type ItemsByKey = (key: TableKey | undefined) => Record<string, unknown> | undefined;

const keyId = (key: TableKey) => `${key.pk}\n${key.sk}`;

/**
 * Strongly consistent reads of up to 100 items in one BatchGetItem (one round
 * trip; unprocessed keys, rare, are asked for again). Returns a lookup by key.
 */
export async function batchGet(requested: Array<TableKey | undefined>): Promise<ItemsByKey> {
  const unique = new Map<string, TableKey>();
  for (const key of requested) if (key) unique.set(keyId(key), { pk: key.pk, sk: key.sk });
  const found = new Map<string, Record<string, unknown>>();
  let pending = [...unique.values()];
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
    const table = tableName();
    const output = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of output.Responses?.[table] ?? []) found.set(keyId(item as TableKey), item);
    pending = (output.UnprocessedKeys?.[table]?.Keys ?? []) as TableKey[];
  }
  if (pending.length > 0) throw Object.assign(new Error('BatchGetItem left keys unprocessed'), { name: 'ThrottlingException' });
  return (key) => (key ? found.get(keyId(key)) : undefined);
}
