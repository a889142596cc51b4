import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';

/**
 * Response schemas of the developer application routes (docs/api.md, Developer). The views'
 * types follow them (views.ts) and the OpenAPI document is generated from them.
 * A client secret's value appears only in the create answers; its hash never.
 */

export const clientSecretViewSchema = z.object({
  secretId: z.string(),
  createdAt: isoTimestampSchema,
  lastUsedAt: z.nullable(isoTimestampSchema),
});

/** docs/security.md, Hostname ownership: a hostname's verification state; the TXT record to publish while it is pending, null once verified. */
export const hostnameStatusViewSchema = z.object({
  hostname: z.string(),
  status: z.enum(['verified', 'pending']),
  record: z.nullable(z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() })),
});

export const applicationViewSchema = z.object({
  appId: z.string(),
  name: z.string(),
  hostnames: z.array(z.string()),
  hostnameStatus: z.array(hostnameStatusViewSchema),
  /** docs/api.md, account lifecycle: where member password-reset mails link (`{token}` replaced); null: the portal's reset page. */
  passwordResetUrl: z.nullable(z.string()),
  createdAt: isoTimestampSchema,
  clientSecrets: z.array(clientSecretViewSchema),
});

export const createdApplicationBodySchema = z.object({
  ok: z.literal(true),
  application: applicationViewSchema,
  secretId: z.string(),
  clientSecret: z.nullable(z.string()),
  message: z.optional(z.string()),
});

export const applicationListBodySchema = z.object({ ok: z.literal(true), applications: z.array(applicationViewSchema) });
export const applicationBodySchema = z.object({ ok: z.literal(true), application: applicationViewSchema });
export const createdClientSecretBodySchema = z.object({ ok: z.literal(true), secretId: z.string(), clientSecret: z.nullable(z.string()), message: z.optional(z.string()) });
export const retiredClientSecretBodySchema = z.object({ ok: z.literal(true), secretId: z.string(), retired: z.literal(true) });

export const readinessCheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });

export const readinessReportSchema = z.object({
  api: z.enum(['status-sync', 'current-logins']),
  ready: z.boolean(),
  endpoint: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    path: z.string(),
    url: z.string(),
    auth: z.literal('basic'),
    clientId: z.string(),
  }),
  checks: z.array(readinessCheckSchema),
});

export const readinessBodySchema = z.object({ ok: z.literal(true), ...readinessReportSchema.shape });
