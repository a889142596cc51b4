import * as z from 'zod/mini';
import { redeemedLicenseViewSchema } from '../connections/response-schemas.js';
import { isoTimestampSchema } from '../http/timestamps.js';

/**
 * Response schemas of the license-code routes (issue 15). views.ts takes its types from
 * them and the OpenAPI document (the generator's operations/licenses.ts) is generated from them.
 */

const licenseStateSchema = z.enum(['UNUSED', 'ACTIVE', 'EXPIRED']);

/** POST /api/user/licenses/redeem: the license the code became (no redeemedAt: it is now). */
export const redeemBodySchema = z.object({ ok: z.literal(true), license: z.omit(redeemedLicenseViewSchema, { redeemedAt: true }) });

/** A code of the inventory (GET .../licenses/codes). */
export const codeViewSchema = z.object({
  licenseId: z.string(),
  code: z.string(),
  state: licenseStateSchema,
  variantId: z.string(),
  owner: z.nullable(z.object({ globalId: z.string(), connectionId: z.string() })),
  expiresAt: z.nullable(isoTimestampSchema),
  redeemedAt: z.nullable(isoTimestampSchema),
});

/** A code as POST .../licenses/codes answers it. */
export const newCodeViewSchema = z.object({
  licenseId: z.string(),
  code: z.string(),
  state: z.literal('UNUSED'),
  variantId: z.string(),
  expiresAt: z.nullable(isoTimestampSchema),
});

export const generatedCodesBodySchema = z.object({ ok: z.literal(true), codes: z.array(newCodeViewSchema), count: z.number().check(z.int()) });

export const codeListPageSchema = z.object({ ok: z.literal(true), codes: z.array(codeViewSchema), nextCursor: z.nullable(z.string()) });

export const importResultBodySchema = z.object({
  ok: z.literal(true),
  imported: z.number().check(z.int()),
  errors: z.array(z.object({ line: z.number().check(z.int()), message: z.string() })),
});
