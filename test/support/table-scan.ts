import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../lib/db/table-name.js';
import { db } from '../../lib/db/client.js';

export type StoredItem = Record<string, unknown> & { pk: string; sk: string; type?: string };

/**
 * Every item of this test file's table (strongly consistent), for invariants checked
 * after concurrent or failed requests: what is stored, not what was answered.
 */
export async function scanItems(): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName(), ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as StoredItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export const ofType = (items: StoredItem[], type: string): StoredItem[] => items.filter((item) => item.type === type);
