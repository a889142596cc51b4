import type { components } from './generated/signet-api';
import { call } from './client';

/** Webhook calls of the portal (docs/webhooks.md), typed from the generated OpenAPI types. */
type Schemas = components['schemas'];
export type WebhookView = Schemas['WebhookResult']['webhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type DeliveryPage = Schemas['WebhookDeliveryPage'];
export type DeliveryView = DeliveryPage['deliveries'][number];

export const eventTypeChoices = ['status.granted', 'status.revoked', 'status.expired', 'license.redeemed', 'connection.created', 'connection.deactivated', 'user.deleted'];

const hooks = (appId: string) => `/api/developer/applications/${encodeURIComponent(appId)}/webhooks`;
const hook = (appId: string, endpointId: string) => `${hooks(appId)}/${encodeURIComponent(endpointId)}`;

export const webhookApi = {
  list: (appId: string) => call<{ webhooks: WebhookView[] }>('GET', hooks(appId)).then((body) => body.webhooks),
  create: (appId: string, url: string, eventTypes: string[]) => call<CreatedWebhook>('POST', hooks(appId), { body: { url, eventTypes } }),
  update: (appId: string, endpointId: string, patch: { enabled?: boolean; eventTypes?: string[] }) =>
    call<{ webhook: WebhookView }>('PATCH', hook(appId, endpointId), { body: patch }).then((body) => body.webhook),
  remove: (appId: string, endpointId: string) => call<unknown>('DELETE', hook(appId, endpointId)),
  rotate: (appId: string, endpointId: string) => call<CreatedWebhook>('POST', `${hook(appId, endpointId)}/rotate-secret`),
  test: (appId: string, endpointId: string) => call<{ eventId?: string }>('POST', `${hook(appId, endpointId)}/test`),
  deliveries: (appId: string, endpointId: string, cursor?: string) =>
    call<DeliveryPage>('GET', `${hook(appId, endpointId)}/deliveries`, { query: { limit: '20', cursor } }),
  recover: (appId: string, endpointId: string, since: string) => call<unknown>('POST', `${hook(appId, endpointId)}/recover`, { body: { since } }),
  replay: (appId: string, eventId: string) =>
    call<unknown>('POST', `/api/developer/applications/${encodeURIComponent(appId)}/events/${encodeURIComponent(eventId)}/replay`),
};
