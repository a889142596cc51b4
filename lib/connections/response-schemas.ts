import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';

/** Response schemas of the connected-user routes (docs/api.md, Developer and App backend); views.ts takes its types from them. */

/** A redeemed license (one of the connection's redeemedLicenses) as the status read and the developer user list show it. */
export const redeemedLicenseViewSchema = z.object({
  licenseId: z.string(),
  code: z.string(),
  state: z.literal('ACTIVE'),
  variant: z.object({ variantId: z.string(), name: z.string() }),
  expiresAt: z.nullable(isoTimestampSchema),
  redeemedAt: isoTimestampSchema,
});

export const statusViewSchema = z.object({
  status: z.string(),
  variantId: z.string(),
  variantName: z.string(),
  licenseId: z.string(),
  expiresAt: z.nullable(isoTimestampSchema),
});

export const developerConnectionViewSchema = z.object({
  id: z.string(),
  globalId: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  active: z.boolean(),
  sessions: z.number(),
  lastSession: z.nullable(isoTimestampSchema),
  joined: isoTimestampSchema,
  statuses: z.array(statusViewSchema),
  /** ACTIVE licenses the user redeemed from license codes (the other kind besides synced statuses). */
  redeemed: z.array(redeemedLicenseViewSchema),
});

export const connectedUsersPageSchema = z.object({
  ok: z.literal(true),
  users: z.array(developerConnectionViewSchema),
  total: z.number(),
  nextCursor: z.nullable(z.string()),
});

export const deactivatedConnectionBodySchema = z.object({
  ok: z.literal(true),
  user: developerConnectionViewSchema,
  endedSessionCount: z.number(),
  expiredLicenseIds: z.array(z.string()),
});

/** GET /api/applications/{appId}/users (current logins, docs/api.md, App backend). */
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
