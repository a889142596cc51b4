import { newUlid } from './ulids.js';
import { tableName } from '../db/table-name.js';
import type { TableKey } from '../db/table-key.js';
import { put, type TransactItem } from '../db/operations.js';

/**
 * A request to (re)send, written by the developer API and acted on by the stream fan-out
 * (lib/webhooks/fan-out.ts), like an event: the API functions need no queue permission and
 * `npm start` runs the same path. `WHDISPATCH#<id>` / `DISPATCH`, removed after a day.
 */
export type DispatchRequest =
  | { kind: 'test'; appId: string; endpointId: string; body: string; eventId: string }
  | { kind: 'replay'; appId: string; eventId: string }
  | { kind: 'recover'; appId: string; endpointId: string; since: string };

export type WebhookDispatchItem = { type: 'webhookDispatch'; dispatchId: string; ttl: number } & DispatchRequest;

const dispatchKey = (dispatchId: string): TableKey => ({ pk: `WHDISPATCH#${dispatchId}`, sk: 'DISPATCH' });

export function dispatchPut(request: DispatchRequest, at: Date): TransactItem {
  const dispatchId = newUlid(at.getTime());
  const item: WebhookDispatchItem = { type: 'webhookDispatch', dispatchId, ttl: Math.floor(at.getTime() / 1000) + 86_400, ...request };
  return { Put: { TableName: tableName(), Item: { ...dispatchKey(dispatchId), ...item } } };
}

/** Outside a transaction: one PutItem. */
export async function putDispatch(request: DispatchRequest, at: Date): Promise<void> {
  const item = dispatchPut(request, at).Put?.Item as Record<string, unknown>;
  await put({ Item: item });
}

/** A table item from the stream (unmarshalled), as a dispatch item when it is one. */
export function dispatchItemOf(item: Record<string, unknown>): WebhookDispatchItem | undefined {
  return item.type === 'webhookDispatch' ? (item as unknown as WebhookDispatchItem) : undefined;
}
