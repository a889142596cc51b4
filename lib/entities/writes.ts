import { tableName } from '../db/table-name.js';
import type { TableKey } from '../db/table-key.js';
import type { TransactItem } from '../db/operations.js';

/** Generic transaction items the entity files compose (lib/entities only). */

/** A Put of a new item: it must not exist yet. */
export function putNew(item: TableKey & object): TransactItem {
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The item must exist at commit (a check, no write). */
export function existsCheck(key: TableKey): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: key, ConditionExpression: 'attribute_exists(pk)' } };
}

/** The item must not exist at commit (a check, no write). */
export function absentCheck(key: TableKey): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: key, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** An unconditional Delete. */
export function deleteItem(key: TableKey): TransactItem {
  return { Delete: { TableName: tableName(), Key: key } };
}
