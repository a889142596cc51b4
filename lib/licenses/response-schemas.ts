import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';

/** Response schemas of redeemed licenses (issue 15); views.ts takes its types from them. */

export const redeemedLicenseViewSchema = z.object({
  licenseId: z.string(),
  code: z.string(),
  state: z.literal('ACTIVE'),
  variant: z.object({ variantId: z.string(), name: z.string() }),
  expiresAt: z.nullable(isoTimestampSchema),
  redeemedAt: isoTimestampSchema,
});
