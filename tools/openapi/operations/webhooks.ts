import { subscribableTypes, deliveriesQuerySchema, eventFeedQuerySchema, newWebhookSchema, recoverSchema, webhookPatchSchema } from '../../../lib/webhooks/schemas.js';
import {
  acceptedBodySchema,
  deliveryPageSchema,
  eventFeedSchema,
  webhookBodySchema,
  webhookListBodySchema,
  webhookWithSecretBodySchema,
} from '../../../lib/webhooks/response-schemas.js';
import type { OperationDocs } from '../operation-doc.js';

/** docs/webhooks.md: events and webhooks. docs/webhooks.md is the integrator's guide. */

const hooks = '/api/developer/applications/{appId}/webhooks';
const hook = `${hooks}/{endpointId}`;

const exampleWebhook = {
  endpointId: 'we_7hq2m9xk4v8p3c6t5n8c',
  url: 'https://api.example.com/signet/webhooks',
  eventTypes: ['status.granted', 'status.revoked', 'status.expired'],
  enabled: true,
  disabledReason: null,
  createdAt: '2026-12-02T10:00:00.000Z',
};
const exampleSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2mvDmfDOEb8=';
const exampleEvent = {
  id: 'evt_01JEX7T1QZ5C8W3M9R2K4N6P8B',
  type: 'status.granted',
  createdAt: '2026-12-02T10:00:00.000Z',
  appId: 'app_5n8c2k7q9w3m4x6z7hq2',
  data: {
    globalId: 'AB1234',
    connectionId: '8f7d2c1e-4b5a-4c3d-9e8f-7a6b5c4d3e2f',
    sequence: 3,
    previous: { active: true, status: null, license: null, redeemedLicenses: [] },
    current: {
      active: true,
      status: 'PRO',
      license: { licenseId: 'lic_7hq2m9xk4v8p3c6t', variantId: 'var_5n8c2k7q9w3m4x6z', variantName: 'PRO', duration: 'MONTH', expiresAt: '2027-01-02T10:00:00.000Z' },
      redeemedLicenses: [],
    },
  },
};

const webhookAnswer = { description: 'The endpoint.', schema: webhookBodySchema, name: 'WebhookResult', examples: { one: { summary: 'An endpoint', value: { ok: true, webhook: exampleWebhook } } } };
const urlRule = '`https` only; a host that is or resolves to a loopback, private, link-local, CGNAT, multicast, unspecified or metadata address (decimal and hex IPv4 forms, IPv6 ULA and link-local included) is a 400 on `url`.';
const eventTypesRule = `Event types to receive: any of ${subscribableTypes.map((type) => `\`${type}\``).join(', ')}, or \`["*"]\` for all (the default). \`signet.test\` always reaches the endpoint it tests.`;

export const webhookOperations: OperationDocs = {
  [`POST ${hooks}`]: {
    operationId: 'createWebhook',
    summary: 'Add a webhook endpoint',
    description: `Registers an endpoint that receives signed events (Standard Webhooks). The signing secret (\`whsec_\`) is shown only in this answer and on rotation. At most 10 endpoints per application (409 beyond). ${urlRule}`,
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: newWebhookSchema,
      name: 'NewWebhook',
      properties: { url: `The endpoint URL. ${urlRule}`, eventTypes: eventTypesRule, enabled: 'Default true.' },
      required: true,
      examples: { statuses: { summary: 'Status events', value: { url: exampleWebhook.url, eventTypes: exampleWebhook.eventTypes } } },
    },
    responses: {
      201: {
        description: 'The endpoint and its signing secret (shown only here).',
        schema: webhookWithSecretBodySchema,
        name: 'CreatedWebhook',
        examples: { created: { summary: 'Created', value: { ok: true, webhook: exampleWebhook, secret: exampleSecret } } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound', 'conflict'],
    errorNotes: { conflict: 'The application already has 10 webhook endpoints.', invalidParameter: 'A refused URL (SSRF rules), an unknown event type, or a repeated one.' },
  },

  [`GET ${hooks}`]: {
    operationId: 'listWebhooks',
    summary: 'List webhook endpoints',
    description: 'The application\'s endpoints, oldest first (never a secret).',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: { description: 'The endpoints.', schema: webhookListBodySchema, name: 'WebhookList', examples: { one: { summary: 'One endpoint', value: { ok: true, webhooks: [exampleWebhook] } } } } },
    errors: ['notFound'],
  },

  [`GET ${hook}`]: {
    operationId: 'getWebhook',
    summary: 'Read a webhook endpoint',
    description: 'One endpoint; `disabledReason` says why a disabled one is disabled (410 Gone, 5 days of failures, or the developer).',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: webhookAnswer },
    errors: ['notFound'],
  },

  [`PATCH ${hook}`]: {
    operationId: 'updateWebhook',
    summary: 'Change a webhook endpoint',
    description: `Changes \`url\` (checked again), \`eventTypes\` or \`enabled\`. Enabling clears \`disabledReason\`. ${urlRule}`,
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: webhookPatchSchema,
      name: 'WebhookPatch',
      properties: { url: 'A new endpoint URL.', eventTypes: eventTypesRule, enabled: 'false pauses deliveries; true resumes them.' },
      required: true,
      examples: { enable: { summary: 'Enable again', value: { enabled: true } } },
    },
    responses: { 200: webhookAnswer },
    errors: ['missingParameter', 'invalidParameter', 'notFound'],
  },

  [`DELETE ${hook}`]: {
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook endpoint',
    description: 'Deletes the endpoint; pending retries to it stop. Its delivery log expires after 30 days.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: webhookAnswer },
    errors: ['notFound'],
  },

  [`POST ${hook}/rotate-secret`]: {
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the signing secret',
    description: 'A new secret, shown only here. For 24 hours deliveries carry two signatures (old and new secret), so receivers can switch without losing a delivery.',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      200: {
        description: 'The endpoint and its new secret.',
        schema: webhookWithSecretBodySchema,
        name: 'RotatedWebhookSecret',
        examples: { rotated: { summary: 'Rotated', value: { ok: true, webhook: exampleWebhook, secret: exampleSecret } } },
      },
    },
    errors: ['notFound'],
  },

  [`POST ${hook}/test`]: {
    operationId: 'sendWebhookTest',
    summary: 'Send a test event',
    description: 'Sends a `signet.test` event to this endpoint (enabled or not) through the normal sender; the delivery log shows the outcome.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 202: { description: 'Accepted; the event id.', schema: acceptedBodySchema, name: 'WebhookTestAccepted', examples: { sent: { summary: 'Sent', value: { ok: true, eventId: exampleEvent.id } } } } },
    errors: ['notFound'],
  },

  [`GET ${hook}/deliveries`]: {
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log',
    description: 'Deliveries to this endpoint, newest first, with every attempt of the last 30 days: time, status code, latency, error class and the first 2 KB of the answer.',
    tag: 'Developer',
    security: 'adminSession',
    query: { schema: deliveriesQuerySchema, descriptions: { limit: 'Page size, 1 to 100 (default 20).', cursor: 'The `nextCursor` of the previous page.' } },
    responses: {
      200: {
        description: 'One page of deliveries.',
        schema: deliveryPageSchema,
        name: 'WebhookDeliveryPage',
        examples: {
          retried: {
            summary: 'Delivered on the second attempt',
            value: {
              ok: true,
              deliveries: [
                {
                  eventId: exampleEvent.id,
                  eventType: 'status.granted',
                  state: 'succeeded',
                  nextAttemptAt: null,
                  attempts: [
                    { at: '2026-12-02T10:00:00.120Z', statusCode: 500, latencyMs: 84, error: null, responseBody: 'Internal Server Error' },
                    { at: '2026-12-02T10:00:05.310Z', statusCode: 200, latencyMs: 41, error: null, responseBody: 'ok' },
                  ],
                },
              ],
              nextCursor: null,
            },
          },
        },
      },
    },
    errors: ['invalidParameter', 'notFound'],
  },

  [`POST ${hook}/recover`]: {
    operationId: 'recoverWebhook',
    summary: 'Re-send failed deliveries',
    description: 'Re-sends every failed delivery to this endpoint of events since `since` (same `webhook-id`), for example after an outage of the receiver.',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: recoverSchema,
      name: 'WebhookRecover',
      properties: { since: 'An ISO-8601 timestamp with a zone.' },
      required: true,
      examples: { day: { summary: 'Since yesterday', value: { since: '2026-12-01T10:00:00Z' } } },
    },
    responses: { 202: { description: 'Accepted.', schema: acceptedBodySchema, name: 'WebhookRecoverAccepted', examples: { accepted: { summary: 'Accepted', value: { ok: true } } } } },
    errors: ['missingParameter', 'invalidParameter', 'notFound'],
  },

  ['POST /api/developer/applications/{appId}/events/{eventId}/replay']: {
    operationId: 'replayEvent',
    summary: 'Replay an event',
    description: 'Sends the event again, with the same `webhook-id`, to every enabled endpoint of the application that takes its type. Events are kept 30 days.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 202: { description: 'Accepted.', schema: acceptedBodySchema, name: 'EventReplayAccepted', examples: { accepted: { summary: 'Accepted', value: { ok: true, eventId: exampleEvent.id } } } } },
    errors: ['notFound'],
  },

  ['GET /api/applications/{appId}/events']: {
    operationId: 'listEvents',
    summary: 'The event feed',
    description: [
      'The application\'s events in order, 30 days back, for a backend that catches up without webhooks (or after downtime).',
      'Pass the last `nextCursor` as `after`; `nextCursor` is returned even on an empty page, and `hasMore` says whether to ask again at once.',
      'The feed trails real time by 15 seconds, so an event still being committed never appears later before one already served.',
      'Apply events by `data.sequence` per connection: a higher sequence wins.',
    ].join(' '),
    tag: 'App backend',
    security: 'basic',
    query: { schema: eventFeedQuerySchema, descriptions: { after: 'An event id: the feed continues after it.', limit: 'Page size, 1 to 500 (default 100).' } },
    responses: {
      200: { description: 'One page of events.', schema: eventFeedSchema, name: 'EventFeedPage', examples: { one: { summary: 'One event', value: { ok: true, events: [exampleEvent], nextCursor: exampleEvent.id, hasMore: false } } } },
    },
    errors: ['invalidParameter'],
  },
};
