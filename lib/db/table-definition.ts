import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's physical shape. The CDK data stack and the local
 * create-table both read this, so local and deployed tables cannot drift.
 * docs/table-design.md explains every key and access pattern.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB removes expired sessions and throttle counters. */
  ttlAttribute: 'ttl',
  /**
   * Webhooks (docs/webhooks.md): new items reach the fan-out through the table's stream (docs/webhooks.md).
   * The CDK table always has it; a local table gets it from the webhook runtime
   * (tools/local/webhooks-runtime.ts prepare), so test tables without webhooks skip the
   * stream's write cost in DynamoDB Local.
   */
  streamViewType: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    /** Sparse: only ACTIVE licenses carry gsi1 keys (licenses by variant). */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ],
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
  const attributes = [partitionKey, sortKey, ...globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
