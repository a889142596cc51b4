import * as z from 'zod/mini';
import { eventTypes } from '../entities/event.js';
import { isoTimestampSchema } from '../http/timestamps.js';

/** Response schemas of the webhook and event routes (docs/webhooks.md), for the OpenAPI document and the contract tests. */

export const webhookViewSchema = z.object({
  endpointId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.nullable(z.string()),
  createdAt: isoTimestampSchema,
});

export const webhookBodySchema = z.object({ ok: z.literal(true), webhook: webhookViewSchema });
export const webhookWithSecretBodySchema = z.object({ ok: z.literal(true), webhook: webhookViewSchema, secret: z.string() });
export const webhookListBodySchema = z.object({ ok: z.literal(true), webhooks: z.array(webhookViewSchema) });
export const acceptedBodySchema = z.object({ ok: z.literal(true), eventId: z.optional(z.string()) });

const attemptSchema = z.object({
  at: isoTimestampSchema,
  statusCode: z.nullable(z.number().check(z.int())),
  latencyMs: z.number().check(z.int()),
  error: z.nullable(z.string()),
  responseBody: z.nullable(z.string()),
});

export const deliveryPageSchema = z.object({
  ok: z.literal(true),
  deliveries: z.array(
    z.object({
      eventId: z.string(),
      eventType: z.string(),
      state: z.enum(['pending', 'retrying', 'succeeded', 'failed']),
      nextAttemptAt: z.nullable(isoTimestampSchema),
      attempts: z.array(attemptSchema),
    }),
  ),
  nextCursor: z.nullable(z.string()),
});

const snapshotLicenseSchema = z.object({
  licenseId: z.string(),
  variantId: z.string(),
  variantName: z.string(),
  duration: z.nullable(z.enum(['MONTH', 'YEAR', 'LIFETIME'])),
  expiresAt: z.nullable(z.string()),
});

const snapshotSchema = z.object({
  active: z.boolean(),
  status: z.nullable(z.string()),
  license: z.nullable(snapshotLicenseSchema),
  redeemedLicenses: z.array(snapshotLicenseSchema),
});

export const eventSchema = z.object({
  id: z.string(),
  type: z.enum(eventTypes),
  createdAt: isoTimestampSchema,
  appId: z.string(),
  data: z.object({
    globalId: z.nullable(z.string()),
    connectionId: z.nullable(z.string()),
    sequence: z.nullable(z.number().check(z.int())),
    previous: z.nullable(snapshotSchema),
    current: z.nullable(snapshotSchema),
  }),
});

export const eventFeedSchema = z.object({ ok: z.literal(true), events: z.array(eventSchema), nextCursor: z.nullable(z.string()), hasMore: z.boolean() });
