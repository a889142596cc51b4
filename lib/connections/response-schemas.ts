import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';
import { redeemedLicenseViewSchema } from '../licenses/response-schemas.js';

/** Response schemas of the developer's connected-user routes (docs/api.md, Developer); views.ts takes its types from them. */

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
