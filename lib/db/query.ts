import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { tableName } from './table-name.js';
import { send } from './send.js';
import type { KeyPrefix, KeyRange } from './table-key.js';

/** A Query without its table and paging, which the helpers below supply. */
export type QueryShape = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

export interface QueryOptions {
  filter?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  projection?: string;
  consistent?: boolean;
}

/** The Query of a key prefix (`begins_with`) or a key range (`BETWEEN`) built by an entity (lib/entities). */
export function queryOf(key: KeyPrefix | KeyRange, options: QueryOptions = {}): QueryShape {
  const [condition, keyValues] =
    'skPrefix' in key
      ? ['pk = :pk AND begins_with(sk, :prefix)', { ':pk': key.pk, ':prefix': key.skPrefix }]
      : ['pk = :pk AND sk BETWEEN :from AND :to', { ':pk': key.pk, ':from': key.skFrom, ':to': key.skTo }];
  return {
    KeyConditionExpression: condition,
    FilterExpression: options.filter,
    ExpressionAttributeNames: options.names,
    ExpressionAttributeValues: { ...keyValues, ...options.values },
    ProjectionExpression: options.projection,
    ConsistentRead: options.consistent,
  };
}

/** Every page of a Query (after `from`, when given), one round trip each, in key order. */
export async function* queryPages(shape: QueryShape, from?: Record<string, unknown>): AsyncGenerator<Record<string, unknown>[]> {
  let startKey: Record<string, unknown> | undefined = from;
  do {
    const page = await queryPage(shape, startKey);
    yield page.items;
    startKey = page.lastKey;
  } while (startKey);
}

/** One page of a Query from `startKey` (pagination with a cursor). */
export async function queryPage(
  shape: QueryShape,
  startKey?: Record<string, unknown>,
): Promise<{ items: Record<string, unknown>[]; lastKey: Record<string, unknown> | undefined; count: number }> {
  const page = await send<QueryCommandOutput>(new QueryCommand({ ...shape, TableName: tableName(), ExclusiveStartKey: startKey }), 'read');
  return { items: page.Items ?? [], lastKey: page.LastEvaluatedKey, count: page.Count ?? 0 };
}

/**
 * Up to `wanted` items of a Query from `from`, across pages. Each page asks only for what
 * is still missing (`Limit`), unless the Query is filtered (`wholePages`: a filter drops an
 * unknown share of each page, so a Limit would only cost round trips); `maxPages` bounds
 * the round trips of one request. `lastKey` is where the last page read stopped
 * (undefined: the Query has nothing more).
 */
export async function queryUpTo<T>(
  shape: QueryShape,
  wanted: number,
  options: { from?: Record<string, unknown>; maxPages?: number; wholePages?: boolean } = {},
): Promise<{ items: T[]; lastKey: Record<string, unknown> | undefined }> {
  const items: T[] = [];
  let lastKey = options.from;
  for (let page = 0; page < (options.maxPages ?? Number.POSITIVE_INFINITY); page += 1) {
    const output = await queryPage({ ...shape, Limit: options.wholePages ? shape.Limit : wanted - items.length }, lastKey);
    items.push(...(output.items as T[]));
    lastKey = output.lastKey;
    if (!lastKey || items.length >= wanted) break;
  }
  return { items: items.slice(0, wanted), lastKey };
}

/** All items of a Query, across pages. */
export async function queryAll<T>(shape: QueryShape): Promise<T[]> {
  const items: T[] = [];
  for await (const page of queryPages(shape)) items.push(...(page as T[]));
  return items;
}

/** Whether a Query matches any item; stops at the first page that has one. */
export async function queryFindsAny(shape: QueryShape): Promise<boolean> {
  for await (const page of queryPages(shape)) if (page.length > 0) return true;
  return false;
}
