import * as z from 'zod/mini';

/** Request schema of the status change (docs/api.md, App backend, seed 000), used by the handler and the OpenAPI document. */

/** Field types only; the rules of each field (normalization, revoke keywords, expiry) live in normalize.ts. */
const text = z.optional(z.nullable(z.string()));
export const statusChangeRequestSchema = z.strictObject({
  status: text,
  variantName: text,
  duration: text,
  expiresAt: text,
  revoke: z.optional(z.nullable(z.union([z.boolean(), z.enum(['true', 'false'])]))),
});
