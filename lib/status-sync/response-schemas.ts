import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';
import { licenseDurationSchema } from '../variants/response-schemas.js';
import { redeemedLicenseViewSchema } from '../connections/response-schemas.js';

/** Response schemas of the app backend routes (docs/api.md, App backend, seed 000): views.ts and current-logins.ts take their types from them. */

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
  /** The app backend's credential for status sync; the developer's user id for a deleted connection. */
  by: z.union([z.object({ clientId: z.string(), secretId: z.string() }), z.object({ userId: z.number() })]),
});

export const currentStatusBodySchema = z.object({
  ok: z.literal(true),
  connectionId: z.string(),
  globalId: z.string(),
  status: z.nullable(z.string()),
  license: z.nullable(currentLicenseSchema),
  history: z.array(historyEntrySchema),
  /** The connection's ACTIVE licenses redeemed from codes (issue 15); status sync never ends them. */
  redeemed: z.array(redeemedLicenseViewSchema),
});

/** Current logins are the connections' (lib/connections/current-logins.ts); their schemas are named here for the app-backend document. */
export { currentLoginSchema, currentLoginsPageSchema } from '../connections/response-schemas.js';
