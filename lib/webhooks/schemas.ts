import * as z from 'zod/mini';
import { eventTypes } from '../entities/event.js';
import { maxWebhookUrlLength } from './ids.js';

/** Request schemas of the webhook routes (docs/webhooks.md), used by the handlers and the OpenAPI document. */

/** Types an endpoint can subscribe to: every event type but the test event (always sent to the endpoint it tests), or '*'. */
export const subscribableTypes = eventTypes.filter((type) => type !== 'signet.test');

const urlSchema = z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(maxWebhookUrlLength, `at most ${maxWebhookUrlLength} characters`));
const eventTypesSchema = z
  .array(z.enum(['*', ...subscribableTypes]))
  .check(
    z.minLength(1, 'name at least one event type, or "*"'),
    z.maxLength(subscribableTypes.length + 1),
    z.refine((types) => new Set(types).size === types.length, { message: 'must not repeat a type' }),
  );

export const newWebhookSchema = z.strictObject({
  url: urlSchema,
  eventTypes: z._default(eventTypesSchema, ['*']),
  enabled: z._default(z.boolean(), true),
});

export const webhookPatchSchema = z
  .strictObject({ url: z.optional(urlSchema), eventTypes: z.optional(eventTypesSchema), enabled: z.optional(z.boolean()) })
  .check(
    z.refine((patch) => patch.url !== undefined || patch.eventTypes !== undefined || patch.enabled !== undefined, {
      message: 'send at least one of url, eventTypes, enabled',
    }),
  );

export const recoverSchema = z.strictObject({
  since: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp with a zone' }),
});

const pageLimit = (max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.trim(), z.regex(/^\d{1,4}$/, `must be an integer from 1 to ${max}`)),
      z.pipe(
        z.transform((value: string) => Number(value)),
        z.number().check(z.minimum(1, `must be an integer from 1 to ${max}`), z.maximum(max, `must be an integer from 1 to ${max}`)),
      ),
    ),
    fallback,
  );

export const deliveriesQuerySchema = z.object({ limit: pageLimit(100, 20), cursor: z.optional(z.string()) });

export const eventFeedQuerySchema = z.object({ limit: pageLimit(500, 100), after: z.optional(z.string()) });
