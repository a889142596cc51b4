import { tableName } from '../db/table-name.js';
import type { TableKey } from '../db/table-key.js';
import { batchGet, get, type TransactItem } from '../db/operations.js';
import { queryAll } from '../db/query.js';

/**
 * A developer's webhook endpoint (docs/webhooks.md), in the application's partition:
 * `APP#<appId>` / `WEBHOOK#<endpointId>` ('WEBHOOK#' sorts after every other app item,
 * so no existing range query of the app reads it). The app's endpoint count lives in
 * `APP#<appId>` / `WEBHOOKCOUNT`, conditioned at create so an app never has more than 10.
 *
 * The signing secret itself is never stored: each secret is derived from the
 * server-side pepper and a random salt kept here (lib/webhooks/secrets.ts), so a copy of
 * the table alone signs nothing.
 */

export interface WebhookSecretSalt {
  salt: string;
  createdAt: string;
  /** A rotated-out secret keeps signing until then; null for the current one. */
  retiresAt: string | null;
}

export interface WebhookEndpointItem {
  type: 'webhookEndpoint';
  appId: string;
  endpointId: string;
  url: string;
  /** Event types it receives, or ['*']. */
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Newest first: the current secret, then any still-signing rotated one. */
  secrets: WebhookSecretSalt[];
  /** First failed attempt since the last success; 5 days of failure disables the endpoint. */
  failingSince: string | null;
  /** Optimistic-concurrency counter of every write. */
  version: number;
}

export const maxWebhooksPerApp = 10;

const appPk = (appId: string) => `APP#${appId}`;
export const webhookEndpointKey = (appId: string, endpointId: string): TableKey => ({ pk: appPk(appId), sk: `WEBHOOK#${endpointId}` });
const webhookCountKey = (appId: string): TableKey => ({ pk: appPk(appId), sk: 'WEBHOOKCOUNT' });

export function readWebhookEndpoint(appId: string, endpointId: string): Promise<WebhookEndpointItem | undefined> {
  return get<WebhookEndpointItem>(webhookEndpointKey(appId, endpointId));
}

export function readWebhookEndpoints(appId: string): Promise<WebhookEndpointItem[]> {
  return queryAll<WebhookEndpointItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': appPk(appId), ':prefix': 'WEBHOOK#' },
    ConsistentRead: true,
  });
}

/** Several endpoints (of deliveries) in one BatchGetItem. */
export async function readWebhookEndpointsByKey(pairs: Array<{ appId: string; endpointId: string }>): Promise<(appId: string, endpointId: string) => WebhookEndpointItem | undefined> {
  const found = await batchGet(pairs.map((pair) => webhookEndpointKey(pair.appId, pair.endpointId)));
  return (appId, endpointId) => found(webhookEndpointKey(appId, endpointId)) as WebhookEndpointItem | undefined;
}

/** Create: the count below the cap (409 beyond), the endpoint new, the app owned by the caller. */
export function createWebhookEndpointWrites(endpoint: WebhookEndpointItem, ownerUserId: number): TransactItem[] {
  const table = tableName();
  return [
    {
      ConditionCheck: {
        TableName: table,
        Key: { pk: appPk(endpoint.appId), sk: 'META' },
        ConditionExpression: 'attribute_exists(pk) AND ownerUserId = :owner',
        ExpressionAttributeValues: { ':owner': ownerUserId },
      },
    },
    {
      Update: {
        TableName: table,
        Key: webhookCountKey(endpoint.appId),
        UpdateExpression: 'SET #type = :type ADD webhooks :one',
        ConditionExpression: 'attribute_not_exists(webhooks) OR webhooks < :max',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'webhookCount', ':one': 1, ':max': maxWebhooksPerApp },
      },
    },
    { Put: { TableName: table, Item: { ...webhookEndpointKey(endpoint.appId, endpoint.endpointId), ...endpoint }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Indexes of createWebhookEndpointWrites, for reading its cancellation reasons. */
export const createWrites = { ownedApp: 0, count: 1, endpoint: 2 } as const;

export function deleteWebhookEndpointWrites(appId: string, endpointId: string): TransactItem[] {
  const table = tableName();
  return [
    { Delete: { TableName: table, Key: webhookEndpointKey(appId, endpointId), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: table,
        Key: webhookCountKey(appId),
        UpdateExpression: 'ADD webhooks :minusOne',
        ConditionExpression: 'webhooks > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      },
    },
  ];
}

type EndpointChanges = Partial<Pick<WebhookEndpointItem, 'url' | 'eventTypes' | 'enabled' | 'disabledReason' | 'secrets' | 'failingSince' | 'updatedAt'>>;

/** Changes the named fields on condition of the version read (every write bumps it). */
export function updateWebhookEndpointWrite(endpoint: Pick<WebhookEndpointItem, 'appId' | 'endpointId' | 'version'>, changes: EndpointChanges): TransactItem {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': endpoint.version, ':next': endpoint.version + 1 };
  const sets = entries.map(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:v${index}`] = value;
    return `#f${index} = :v${index}`;
  });
  return {
    Update: {
      TableName: tableName(),
      Key: webhookEndpointKey(endpoint.appId, endpoint.endpointId),
      UpdateExpression: `SET ${[...sets, 'version = :next'].join(', ')}`,
      ConditionExpression: 'attribute_exists(pk) AND version = :expected',
      ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
      ExpressionAttributeValues: values,
    },
  };
}
