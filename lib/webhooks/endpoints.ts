import { requireOwnedApplication, applicationNotFound } from '../applications/repository.js';
import { isAppId } from '../applications/ids.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { conditionFailed, transact } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { SignetError } from '../errors.js';
import { newEventId, type SignetEvent } from '../entities/event.js';
import { putDispatch } from '../entities/webhook-dispatch.js';
import {
  createWebhookEndpointWrites,
  createWrites,
  deleteWebhookEndpointWrites,
  maxWebhooksPerApp,
  readWebhookEndpoint,
  readWebhookEndpoints,
  updateWebhookEndpointWrite,
  type WebhookEndpointItem,
} from '../entities/webhook-endpoint.js';
import { isEndpointId, newEndpointId } from './ids.js';
import { newSecretSalt, rotatedSalts, secretOf, webhookSecretKey } from './secrets.js';
import { checkWebhookTarget, UnsafeWebhookUrl } from './ssrf.js';
import { webhookView, type WebhookView } from './views.js';

/** Developer API of webhook endpoints (docs/webhooks.md). Another developer's app answers like a missing one (404). */

const endpointNotFound = () => new SignetError('notFound', 'No such webhook endpoint');
const tooMany = () => new SignetError('conflict', `An application has at most ${maxWebhooksPerApp} webhook endpoints`);

/** The SSRF check at registration: a refused URL is a 400 on `url`. */
async function checkedUrl(url: string): Promise<string> {
  try {
    await checkWebhookTarget(url, config().WEBHOOK_ALLOW_LOOPBACK === 'true');
    return url;
  } catch (error) {
    if (!(error instanceof UnsafeWebhookUrl)) throw error;
    throw new SignetError('invalidParameter', `The webhook URL is refused: ${error.message}`, { issues: [{ path: 'url', message: error.message }] });
  }
}

/** The endpoint of an app the caller owns, or 404. */
export async function requireOwnedEndpoint(appId: string, ownerUserId: number, endpointId: string): Promise<WebhookEndpointItem> {
  if (!isAppId(appId)) throw applicationNotFound();
  const [, endpoint] = await Promise.all([requireOwnedApplication(appId, ownerUserId), isEndpointId(endpointId) ? readWebhookEndpoint(appId, endpointId) : undefined]);
  if (!endpoint) throw endpointNotFound();
  return endpoint;
}

export async function createWebhook(
  appId: string,
  ownerUserId: number,
  input: { url: string; eventTypes: string[]; enabled: boolean },
): Promise<{ webhook: WebhookView; secret: string }> {
  if (!isAppId(appId)) throw applicationNotFound();
  const url = await checkedUrl(input.url);
  const at = now().toISOString();
  const salt = newSecretSalt(now());
  const endpoint: WebhookEndpointItem = {
    type: 'webhookEndpoint',
    appId,
    endpointId: newEndpointId(),
    url,
    eventTypes: input.eventTypes,
    enabled: input.enabled,
    disabledReason: input.enabled ? null : 'Disabled by the developer',
    createdAt: at,
    updatedAt: at,
    secrets: [salt],
    failingSince: null,
    version: 1,
  };
  const pepper = await webhookSecretKey();
  // The result is the answer, so a retry after a lost answer (Idempotency-Key) returns the same endpoint and secret.
  return runOptimistic({
    read: async () => undefined,
    plan: () => ({
      items: createWebhookEndpointWrites(endpoint, ownerUserId),
      result: { webhook: webhookView(endpoint), secret: secretOf(pepper, endpoint.endpointId, salt) },
      onConditionFailed: (reasons) => {
        if (conditionFailed(reasons, createWrites.ownedApp)) throw applicationNotFound();
        if (conditionFailed(reasons, createWrites.count)) throw tooMany();
        return 'retry';
      },
    }),
  });
}

export async function listWebhooks(appId: string, ownerUserId: number): Promise<WebhookView[]> {
  if (!isAppId(appId)) throw applicationNotFound();
  const [, endpoints] = await Promise.all([requireOwnedApplication(appId, ownerUserId), readWebhookEndpoints(appId)]);
  return endpoints.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(webhookView);
}

export async function getWebhook(appId: string, ownerUserId: number, endpointId: string): Promise<WebhookView> {
  return webhookView(await requireOwnedEndpoint(appId, ownerUserId, endpointId));
}

/** PATCH: url (checked again), eventTypes, enabled. Enabling clears disabledReason and the failure clock. */
export async function updateWebhook(
  appId: string,
  ownerUserId: number,
  endpointId: string,
  patch: { url?: string; eventTypes?: string[]; enabled?: boolean },
): Promise<WebhookView> {
  const url = patch.url === undefined ? undefined : await checkedUrl(patch.url);
  return runOptimistic({
    read: () => requireOwnedEndpoint(appId, ownerUserId, endpointId),
    plan: (endpoint) => {
      const changes = {
        ...(url === undefined ? {} : { url }),
        ...(patch.eventTypes === undefined ? {} : { eventTypes: patch.eventTypes }),
        ...(patch.enabled === undefined || patch.enabled === endpoint.enabled
          ? {}
          : patch.enabled
            ? { enabled: true, disabledReason: null, failingSince: null }
            : { enabled: false, disabledReason: 'Disabled by the developer' }),
        updatedAt: now().toISOString(),
      };
      return { items: [updateWebhookEndpointWrite(endpoint, changes)], result: webhookView({ ...endpoint, ...changes }) };
    },
  });
}

export async function deleteWebhook(appId: string, ownerUserId: number, endpointId: string): Promise<WebhookView> {
  const endpoint = await requireOwnedEndpoint(appId, ownerUserId, endpointId);
  const outcome = await transact(deleteWebhookEndpointWrites(appId, endpointId), { result: webhookView(endpoint) });
  if (outcome.kind === 'conditionFailed') throw endpointNotFound();
  if (outcome.kind === 'contention') throw new SignetError('unavailable', 'The endpoint is being changed; retry shortly', { headers: { 'Retry-After': '1' } });
  return webhookView(endpoint);
}

/** A new secret; the old one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(appId: string, ownerUserId: number, endpointId: string): Promise<{ webhook: WebhookView; secret: string }> {
  const pepper = await webhookSecretKey();
  return runOptimistic({
    read: () => requireOwnedEndpoint(appId, ownerUserId, endpointId),
    plan: (endpoint) => {
      const secrets = rotatedSalts(endpoint.secrets, now());
      const fresh = secrets[0] as (typeof secrets)[number];
      return {
        items: [updateWebhookEndpointWrite(endpoint, { secrets, updatedAt: now().toISOString() })],
        result: { webhook: webhookView(endpoint), secret: secretOf(pepper, endpointId, fresh) },
      };
    },
  });
}

/** Sends `signet.test` to this endpoint (enabled or not), through the same fan-out and sender. */
export async function sendTestEvent(appId: string, ownerUserId: number, endpointId: string): Promise<{ eventId: string }> {
  await requireOwnedEndpoint(appId, ownerUserId, endpointId);
  const at = now();
  const event: SignetEvent = {
    id: newEventId(at.getTime()),
    type: 'signet.test',
    createdAt: at.toISOString(),
    appId,
    data: { globalId: null, connectionId: null, sequence: null, previous: null, current: null },
  };
  await putDispatch({ kind: 'test', appId, endpointId, eventId: event.id, body: JSON.stringify(event) }, at);
  return { eventId: event.id };
}

/** Re-sends every failed delivery of this endpoint for events since `since`. */
export async function recoverWebhook(appId: string, ownerUserId: number, endpointId: string, since: string): Promise<void> {
  await requireOwnedEndpoint(appId, ownerUserId, endpointId);
  await putDispatch({ kind: 'recover', appId, endpointId, since: new Date(since).toISOString() }, now());
}
