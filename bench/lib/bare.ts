import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { TableKey } from '../../lib/db/table-key.js';
import type { MeteredCall } from './dynamo-meter.js';

/**
 * The bare DynamoDB operations an endpoint cannot avoid, sent through the same
 * DocumentClient (same connections, same middleware) in the same run, with
 * strongly consistent reads as the endpoints use:
 * reads are the design's minimum (one BatchGetItem of every key known up front);
 * writes replay the endpoint's own writes, as one TransactWriteItems of the same
 * items and expressions, on scratch copies (pk prefixed with `BENCH#`) so the
 * real data is untouched; writes the endpoint sends alongside its first read (the
 * throttle reservations that must precede the reads they guard) are replayed as
 * their own calls, alongside the bare reads. Conditions are kept (issue 22: writes keep
 * them, and DynamoDB's evaluation of them is DynamoDB's work, about 0.1 ms per conditioned
 * item on DynamoDB Local), each made to hold on the scratch copy whatever its state: the
 * original expression, evaluated first, `OR` a test that is always true.
 */
export interface WritePlan {
  items: TransactItem[];
}

export class BareOperations {
  /** Scratch copies already made (Updates keep them the size of the real item). */
  private readonly copied = new Set<string>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async batchGet(keys: TableKey[]): Promise<void> {
    const { UnprocessedKeys } = await this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0) throw new Error('bare BatchGetItem left keys unprocessed');
  }

  async get(key: TableKey): Promise<void> {
    await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
  }

  async queryPrefix(prefix: { pk: string; skPrefix: string }, limit: number, newestFirst = false): Promise<void> {
    await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
        Limit: limit,
        ScanIndexForward: !newestFirst,
        ConsistentRead: true,
      }),
    );
  }

  async queryRange(range: { pk: string; skFrom: string; skTo: string }): Promise<void> {
    await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
        ConsistentRead: true,
      }),
    );
  }

  /**
   * Untimed: turns the endpoint's write calls into the bare write and makes sure
   * the scratch items it acts on exist (an Update or ConditionCheck acts on a
   * copy of the real item, so its size matches; a Delete needs an item).
   */
  async planWrites(calls: MeteredCall[]): Promise<WritePlan> {
    const byKey = new Map<string, TransactItem>();
    for (const item of calls.flatMap(writeItemsOf)) {
      const realKey = keyOf(item);
      const bare = toScratch(item);
      if (realKey && !item.Put && !this.copied.has(itemKeyId(bare))) {
        const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: realKey }));
        await this.db.send(new PutCommand({ TableName: this.table, Item: { ...(Item ?? {}), ...scratch(realKey) } }));
        if (!item.Delete) this.copied.add(itemKeyId(bare));
      }
      byKey.set(itemKeyId(bare), bare);
    }
    return { items: [...byKey.values()] };
  }

  /** Timed: one TransactWriteItems of the planned items (a single item goes as its plain write). */
  async sendWrites(plan: WritePlan): Promise<void> {
    if (plan.items.length === 0) return;
    if (plan.items.length === 1) return this.sendSingle(plan.items[0] as TransactItem);
    await this.db.send(new TransactWriteCommand({ TransactItems: plan.items }));
  }

  /** Timed: each planned item as its own write, all in parallel (an endpoint's reservations). */
  async sendEach(plan: WritePlan): Promise<void> {
    await Promise.all(plan.items.map((item) => this.sendSingle(item)));
  }

  private async sendSingle(item: TransactItem): Promise<void> {
    if (item.Put) await this.db.send(new PutCommand(item.Put));
    else if (item.Update) await this.db.send(new UpdateCommand(item.Update));
    else if (item.Delete) await this.db.send(new DeleteCommand(item.Delete));
  }
}

type Values = Record<string, unknown>;
/** What a conditioned write carries besides its item or key. */
interface Conditioned {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Values;
}
interface TransactItem {
  Put?: { TableName: string; Item: Values } & Conditioned;
  Update?: { TableName: string; Key: TableKey; UpdateExpression: string } & Conditioned;
  Delete?: { TableName: string; Key: TableKey } & Conditioned;
  ConditionCheck?: { TableName: string; Key: TableKey; ConditionExpression: string } & Conditioned;
}

const scratch = (key: TableKey): TableKey => ({ pk: `BENCH#${key.pk}`, sk: key.sk });

function keyOf(item: TransactItem): TableKey | undefined {
  if (item.Put) return { pk: String(item.Put.Item.pk), sk: String(item.Put.Item.sk) };
  return (item.Update ?? item.Delete ?? item.ConditionCheck)?.Key;
}

function itemKeyId(item: TransactItem): string {
  const key = keyOf(item);
  return `${key?.pk}\n${key?.sk}`;
}

/** Every item an endpoint's write call touched, as TransactWriteItems entries. */
function writeItemsOf(call: MeteredCall): TransactItem[] {
  const input = call.input as Values;
  switch (call.operation) {
    case 'TransactWriteItems':
      return (input.TransactItems as TransactItem[]) ?? [];
    case 'PutItem':
      return [{ Put: input as TransactItem['Put'] & object }];
    case 'UpdateItem':
      return [{ Update: input as TransactItem['Update'] & object }];
    case 'DeleteItem':
      return [{ Delete: input as TransactItem['Delete'] & object }];
    case 'BatchWriteItem': {
      const requests = Object.entries(input.RequestItems as Record<string, { PutRequest?: { Item: Values }; DeleteRequest?: { Key: TableKey } }[]>);
      return requests.flatMap(([TableName, writes]) =>
        writes.map((write) => (write.PutRequest ? { Put: { TableName, Item: write.PutRequest.Item } } : { Delete: { TableName, Key: write.DeleteRequest?.Key as TableKey } })),
      );
    }
    default:
      return [];
  }
}

/**
 * The endpoint's condition, still evaluated in full, made to hold whatever the scratch copy's
 * state (a replay follows the write it copies, so `version = :expected` or
 * `attribute_not_exists(pk)` would fail there).
 */
const holdingAnyway = (condition: string) => `(${condition}) OR attribute_exists(pk) OR attribute_not_exists(pk)`;

/** A write's condition, kept and made to hold, with its names and values (all of them used, as DynamoDB took them). */
function keptCondition({ ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues }: Conditioned): Conditioned {
  return {
    ...(ConditionExpression ? { ConditionExpression: holdingAnyway(ConditionExpression) } : {}),
    ...(ExpressionAttributeNames ? { ExpressionAttributeNames } : {}),
    ...(ExpressionAttributeValues ? { ExpressionAttributeValues } : {}),
  };
}

/** The same write on the scratch copy, its condition kept (and made to hold there). */
function toScratch(item: TransactItem): TransactItem {
  if (item.Put) {
    const { pk, sk } = scratch({ pk: String(item.Put.Item.pk), sk: String(item.Put.Item.sk) });
    return { Put: { TableName: item.Put.TableName, Item: { ...item.Put.Item, pk, sk }, ...keptCondition(item.Put) } };
  }
  if (item.Update) {
    const { TableName, Key, UpdateExpression } = item.Update;
    return { Update: { TableName, Key: scratch(Key), UpdateExpression, ...keptCondition(item.Update) } };
  }
  if (item.Delete) return { Delete: { TableName: item.Delete.TableName, Key: scratch(item.Delete.Key), ...keptCondition(item.Delete) } };
  if (item.ConditionCheck) {
    const { TableName, Key, ConditionExpression } = item.ConditionCheck;
    return { ConditionCheck: { TableName, Key: scratch(Key), ...keptCondition(item.ConditionCheck), ConditionExpression: holdingAnyway(ConditionExpression) } };
  }
  return item;
}
