import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';
import { licenseDurationSchema } from '../variants/schemas.js';

/**
 * Request and response schemas of the app backend routes (API.md §5, seed 000), used by
 * the handlers and the OpenAPI document.
 */

/**
 * Field types only; the rules of each field (normalization, revoke keywords, expiry) live
 * in normalize.ts. The descriptions are the OpenAPI document's.
 */
const text = (description: string) => z.optional(z.nullable(z.string())).register(z.globalRegistry, { description });
export const statusChangeRequestSchema = z.object({
  status: text('Your plan or state label (required unless `revoke` is true); trimmed, upper-cased, inner white space to `_`. FREE, NONE, INACTIVE and REVOKED revoke.'),
  variantName: text('The variant to grant; defaults to the normalized status. Found case-insensitively or created.'),
  duration: text('MONTH, YEAR or LIFETIME, any letter case; default LIFETIME.'),
  expiresAt: text('An ISO-8601 timestamp with a zone (overrides the duration), or null for no expiry. A past timestamp is a 400.'),
  revoke: z
    .optional(z.nullable(z.union([z.boolean(), z.enum(['true', 'false'])])))
    .register(z.globalRegistry, { description: 'true revokes every ACTIVE synced status of the user.' }),
});

export const grantedBodySchema = z.object({
  ok: z.literal(true),
  action: z.literal('granted'),
  connectionId: z.string(),
  globalId: z.string(),
  status: z.string(),
  variant: z.object({ variantId: z.string(), name: z.string(), defaultDuration: licenseDurationSchema, created: z.boolean() }),
  license: z.object({
    licenseId: z.string(),
    code: z.string(),
    state: z.literal('ACTIVE'),
    duration: licenseDurationSchema,
    expiresAt: z.nullable(isoTimestampSchema),
    reused: z.boolean(),
  }),
  supersededLicenseIds: z.array(z.string()),
});

export const revokedBodySchema = z.object({
  ok: z.literal(true),
  action: z.literal('revoked'),
  connectionId: z.string(),
  globalId: z.string(),
  revokedLicenseIds: z.array(z.string()),
});

export const unchangedBodySchema = z.object({
  ok: z.literal(true),
  action: z.literal('unchanged'),
  connectionId: z.string(),
  globalId: z.string(),
});

export const statusChangeBodySchema = z.discriminatedUnion('action', [grantedBodySchema, revokedBodySchema, unchangedBodySchema]);

export const currentLicenseSchema = z.object({
  licenseId: z.string(),
  code: z.nullable(z.string()),
  state: z.literal('ACTIVE'),
  duration: z.nullable(licenseDurationSchema),
  expiresAt: z.nullable(isoTimestampSchema),
  activatedAt: z.nullable(isoTimestampSchema),
  variant: z.object({ variantId: z.string(), name: z.string() }),
});

export const historyEntrySchema = z.object({
  at: isoTimestampSchema,
  action: z.enum(['granted', 'refreshed', 'superseded', 'revoked']),
  status: z.string(),
  licenseId: z.string(),
  by: z.object({ clientId: z.string(), secretId: z.string() }),
});

export const currentStatusBodySchema = z.object({
  ok: z.literal(true),
  connectionId: z.string(),
  globalId: z.string(),
  status: z.nullable(z.string()),
  license: z.nullable(currentLicenseSchema),
  history: z.array(historyEntrySchema),
});

export const currentLoginSchema = z.object({
  globalId: z.string(),
  email: z.nullable(z.string()),
  aliasEmail: z.nullable(z.string()),
  displayName: z.nullable(z.string()),
  loginCount: z.number(),
  lastSession: z.nullable(isoTimestampSchema),
  joinedAt: isoTimestampSchema,
  isActive: z.boolean(),
});

export const currentLoginsPageSchema = z.object({
  ok: z.literal(true),
  users: z.array(currentLoginSchema),
  total: z.number(),
  nextCursor: z.nullable(z.string()),
});
