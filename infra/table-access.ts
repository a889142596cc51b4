import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { tableDefinition } from '../lib/db/table-definition.js';
import { isIdempotentRoute, type Route } from '../lib/routes.js';

/**
 * The DynamoDB permissions of a route's function: exactly the operations Signet's code
 * sends, narrower than CDK's grantReadData/grantReadWriteData (no Scan, no streams, no
 * DescribeTable). TransactWriteItems is authorized per item (Put/Update/Delete/
 * ConditionCheckItem); GetItem, BatchGetItem and Query cover every read.
 */
export const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * What lib/applications/client-secrets.ts markClientSecretUsed may change: `lastUsedAt`
 * of an item in an application partition (`APP#...`, where client secrets live), with
 * no values returned. test/infra.test.ts checks the call stays inside this.
 */
export const secretUseGrant = {
  partitionPattern: 'APP#*',
  attributes: [tableDefinition.partitionKey, tableDefinition.sortKey, 'lastUsedAt'],
} as const;

/**
 * What lib/throttle/repository.ts may change from a read-only Basic-auth route: the
 * failure counters (`THROTTLE#...` partitions) of docs/security.md, Throttling, nothing else.
 */
export const failureCounterGrant = {
  partitionPattern: 'THROTTLE#*',
  attributes: [tableDefinition.partitionKey, tableDefinition.sortKey, 'type', 'failures', 'windowEndsAt', tableDefinition.ttlAttribute],
} as const;

export function grantTableAccess(grantee: IGrantable, route: Route | undefined, table: ITable): void {
  if (!route || route.table === 'none') return;
  const actions: string[] = [...readActions, ...(route.table === 'readWrite' ? writeActions : [])];
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [table.tableArn] }));
  // Indexes are only ever queried; each is named (no index/* wildcard).
  const indexes = tableDefinition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:Query'], resources: indexes }));
  if (route.table === 'read' && isIdempotentRoute(route)) {
    // A read-only route with an Idempotency-Key still writes its idempotency record (lib/http/idempotency.ts).
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'IdempotencyRecords',
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] } },
      }),
    );
  }
  if (route.table === 'read' && route.recordsSecretUse) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'RecordClientSecretUse',
        effect: Effect.ALLOW,
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [secretUseGrant.partitionPattern] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...secretUseGrant.attributes] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
        },
      }),
    );
  }
  if (route.table === 'read' && (route.recordsSecretUse || route.countsFailures)) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'CountFailures',
        effect: Effect.ALLOW,
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [failureCounterGrant.partitionPattern] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...failureCounterGrant.attributes] },
        },
      }),
    );
  }
}
