import type { TableKey } from '../db/table-key.js';
import { conditionHeld, get, put, update } from '../db/operations.js';
import { queryAll, queryPage } from '../db/query.js';
import { eventRetentionDays } from './event.js';

/**
 * One event's delivery to one endpoint (docs/webhooks.md), with its attempts: `WHDELIVERIES#<endpointId>`
 * / `DELIVERY#<eventId>`. The event JSON is copied in (`body`), so the sender needs no other
 * read than this item and its endpoint, and a test event needs no event item.
 *
 * `run` counts the delivery's runs (the first, then each replay or recover); `attemptsInRun`
 * the attempts of the current run. A send job names both, and an attempt is recorded only
 * on condition that they still hold, so a stale or duplicated job (SQS delivers at least
 * once) records nothing and schedules nothing.
 */

export type DeliveryState = 'pending' | 'retrying' | 'succeeded' | 'failed';

export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  latencyMs: number;
  /** Error class: null on an HTTP answer; timeout, connection, forbidden_address, endpoint_disabled, ... */
  error: string | null;
  /** The first 2 KB of the answer. */
  responseBody: string | null;
}

export interface WebhookDeliveryItem {
  type: 'webhookDelivery';
  appId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  state: DeliveryState;
  run: number;
  attemptsInRun: number;
  /** Newest last; the last maxKeptAttempts only. */
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  ttl: number;
}

const maxKeptAttempts = 30;
const retentionSeconds = eventRetentionDays * 86_400;

const deliveriesPk = (endpointId: string) => `WHDELIVERIES#${endpointId}`;
export const deliveryKey = (endpointId: string, eventId: string): TableKey => ({ pk: deliveriesPk(endpointId), sk: `DELIVERY#${eventId}` });

const ttlFrom = (at: Date) => Math.floor(at.getTime() / 1000) + retentionSeconds;

export function readDelivery(endpointId: string, eventId: string): Promise<WebhookDeliveryItem | undefined> {
  return get<WebhookDeliveryItem>(deliveryKey(endpointId, eventId));
}

/** A page of an endpoint's deliveries, newest first, after the exclusive start key `after`. */
export async function readDeliveryPage(endpointId: string, limit: number, after?: TableKey): Promise<{ deliveries: WebhookDeliveryItem[]; lastKey: TableKey | undefined }> {
  const page = await queryPage(
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': deliveriesPk(endpointId), ':prefix': 'DELIVERY#' },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit,
    },
    after ? { pk: after.pk, sk: after.sk } : undefined,
  );
  return { deliveries: page.items as unknown as WebhookDeliveryItem[], lastKey: page.lastKey as TableKey | undefined };
}

export const deliveriesPartition = deliveriesPk;

/** Failed deliveries of events made at or after `fromEventId` (event ids sort by time). */
export function readFailedDeliveriesSince(endpointId: string, fromEventId: string): Promise<WebhookDeliveryItem[]> {
  return queryAll<WebhookDeliveryItem>({
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    FilterExpression: '#state = :failed',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pk': deliveriesPk(endpointId), ':from': `DELIVERY#${fromEventId}`, ':failed': 'failed' },
    ConsistentRead: true,
  });
}

/** A new delivery (run 1). False when it already exists (a stream record seen twice). */
export async function putNewDelivery(input: { appId: string; endpointId: string; eventId: string; eventType: string; body: string; at: Date }): Promise<boolean> {
  const at = input.at.toISOString();
  const item: WebhookDeliveryItem = {
    type: 'webhookDelivery',
    appId: input.appId,
    endpointId: input.endpointId,
    eventId: input.eventId,
    eventType: input.eventType,
    body: input.body,
    state: 'pending',
    run: 1,
    attemptsInRun: 0,
    attempts: [],
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
    ttl: ttlFrom(input.at),
  };
  return conditionHeld(
    put({ Item: { ...deliveryKey(input.endpointId, input.eventId), ...item }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

/** A new run (replay, recover): created when missing. Returns the run number the send job must carry. */
export async function startDeliveryRun(input: { appId: string; endpointId: string; eventId: string; eventType: string; body: string; at: Date }): Promise<number> {
  const at = input.at.toISOString();
  const output = await update({
    Key: deliveryKey(input.endpointId, input.eventId),
    UpdateExpression:
      'SET #type = :type, appId = :appId, endpointId = :endpointId, eventId = :eventId, eventType = :eventType, body = :body, #state = :pending, ' +
      '#run = if_not_exists(#run, :zero) + :one, attemptsInRun = :zero, attempts = if_not_exists(attempts, :none), nextAttemptAt = :at, ' +
      'createdAt = if_not_exists(createdAt, :at), updatedAt = :at, #ttl = :ttl',
    ExpressionAttributeNames: { '#type': 'type', '#state': 'state', '#run': 'run', '#ttl': 'ttl' },
    ExpressionAttributeValues: {
      ':type': 'webhookDelivery',
      ':appId': input.appId,
      ':endpointId': input.endpointId,
      ':eventId': input.eventId,
      ':eventType': input.eventType,
      ':body': input.body,
      ':pending': 'pending',
      ':zero': 0,
      ':one': 1,
      ':none': [],
      ':at': at,
      ':ttl': ttlFrom(input.at),
    },
    ReturnValues: 'UPDATED_NEW',
  });
  return Number((output.Attributes as { run?: number } | undefined)?.run ?? 1);
}

/**
 * Records an attempt of (run, attempt) and the state it leaves. False when the delivery
 * moved on (another run started, or this attempt was already recorded): nothing written.
 */
export async function recordDeliveryAttempt(input: {
  endpointId: string;
  eventId: string;
  run: number;
  attempt: number;
  result: DeliveryAttempt;
  state: DeliveryState;
  nextAttemptAt: string | null;
  kept: DeliveryAttempt[];
  at: Date;
}): Promise<boolean> {
  const attempts = [...input.kept, input.result].slice(-maxKeptAttempts);
  return conditionHeld(
    update({
      Key: deliveryKey(input.endpointId, input.eventId),
      UpdateExpression: 'SET #state = :state, attemptsInRun = :attempt, attempts = :attempts, nextAttemptAt = :next, updatedAt = :at, #ttl = :ttl',
      ConditionExpression: '#run = :run AND attemptsInRun = :previous',
      ExpressionAttributeNames: { '#state': 'state', '#run': 'run', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':state': input.state,
        ':attempt': input.attempt,
        ':previous': input.attempt - 1,
        ':run': input.run,
        ':attempts': attempts,
        ':next': input.nextAttemptAt,
        ':at': input.at.toISOString(),
        ':ttl': ttlFrom(input.at),
      },
    }),
  );
}
