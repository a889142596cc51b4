import { now } from '../clock.js';
import { eventItemOf, firstEventIdAt, readEvent, type EventItem, type SignetEvent } from '../entities/event.js';
import { putExpiryWatch } from '../entities/expiry-watch.js';
import { putNewDelivery, readFailedDeliveriesSince, startDeliveryRun } from '../entities/webhook-delivery.js';
import { dispatchItemOf, type WebhookDispatchItem } from '../entities/webhook-dispatch.js';
import { readWebhookEndpoint, readWebhookEndpoints, type WebhookEndpointItem } from '../entities/webhook-endpoint.js';
import { logger } from '../logger.js';
import { sendQueue } from './queue.js';

/**
 * The fan-out (docs/webhooks.md): what the table's stream (deployed: a Lambda filtered to event
 * and dispatch items; `npm start`: the stream poller) does with each new item.
 * - an event: one delivery per enabled endpoint of the app that takes its type, and its
 *   first send job; and an expiry watch per license expiry it shows (lib/entities/expiry-watch.ts);
 * - a dispatch (test, replay, recover): a new run of the named deliveries.
 * Every step is idempotent, so a record seen twice (stream retries) sends nothing twice.
 */

export const takesType = (endpoint: Pick<WebhookEndpointItem, 'eventTypes'>, type: string) => endpoint.eventTypes.includes('*') || endpoint.eventTypes.includes(type);

async function fanOutEvent(event: EventItem): Promise<void> {
  const at = now();
  const endpoints = (await readWebhookEndpoints(event.appId)).filter((endpoint) => endpoint.enabled && takesType(endpoint, event.eventType));
  for (const endpoint of endpoints) {
    const created = await putNewDelivery({ appId: event.appId, endpointId: endpoint.endpointId, eventId: event.eventId, eventType: event.eventType, body: event.body, at });
    if (created) await sendQueue().enqueue({ appId: event.appId, endpointId: endpoint.endpointId, eventId: event.eventId, run: 1, attempt: 1, dueAt: at.getTime() });
  }
  await watchExpiries(JSON.parse(event.body) as SignetEvent, at);
}

/** One watch per license of the event's current snapshot that expires in the future. */
async function watchExpiries(event: SignetEvent, at: Date): Promise<void> {
  const { current, globalId } = event.data;
  if (!current || !globalId) return;
  const licenses = [...(current.license ? [current.license] : []), ...current.redeemedLicenses];
  for (const license of licenses) {
    if (license.expiresAt === null || Date.parse(license.expiresAt) <= at.getTime() - 3600_000) continue;
    await putExpiryWatch({ appId: event.appId, globalId, licenseId: license.licenseId, expiresAt: license.expiresAt });
  }
}

async function restart(appId: string, endpointId: string, source: { eventId: string; eventType: string; body: string }): Promise<void> {
  const at = now();
  const run = await startDeliveryRun({ appId, endpointId, ...source, at });
  await sendQueue().enqueue({ appId, endpointId, eventId: source.eventId, run, attempt: 1, dueAt: at.getTime() });
}

async function handleDispatch(dispatch: WebhookDispatchItem): Promise<void> {
  if (dispatch.kind === 'test') {
    await restart(dispatch.appId, dispatch.endpointId, { eventId: dispatch.eventId, eventType: 'signet.test', body: dispatch.body });
    return;
  }
  if (dispatch.kind === 'replay') {
    const event = await readEvent(dispatch.appId, dispatch.eventId);
    if (!event) return;
    const endpoints = (await readWebhookEndpoints(dispatch.appId)).filter((endpoint) => endpoint.enabled && takesType(endpoint, event.eventType));
    for (const endpoint of endpoints) await restart(dispatch.appId, endpoint.endpointId, event);
    return;
  }
  const endpoint = await readWebhookEndpoint(dispatch.appId, dispatch.endpointId);
  if (!endpoint) return;
  const failed = await readFailedDeliveriesSince(dispatch.endpointId, firstEventIdAt(Date.parse(dispatch.since)));
  for (const delivery of failed) await restart(dispatch.appId, dispatch.endpointId, delivery);
}

/** One new table item from the stream (already unmarshalled). Other items are ignored. */
export async function handleStreamItem(item: Record<string, unknown>): Promise<void> {
  const event = eventItemOf(item);
  const dispatch = event ? undefined : dispatchItemOf(item);
  if (event) await fanOutEvent(event);
  else if (dispatch) await handleDispatch(dispatch);
  else logger.debug('stream item ignored', { type: String(item.type) });
}
