import * as z from 'zod/mini';
import { connectionPageQuerySchema } from '../connections/page-query.js';
import { parseZonedTimestamp } from './time.js';

/** Input rules of the license-code routes. */
export const maxGeneratedCodes = 10_000;

const variantIdSchema = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(128, 'is not a variantId'));

/**
 * Reads an `expiresAt` value: an ISO-8601 timestamp with a zone, in the future, or
 * null / absent (no expiry). Returns the UTC ISO string, null, or an error message.
 */
export function readExpiresAt(raw: string | null | undefined, at: Date): string | null | { error: string } {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const parsed = parseZonedTimestamp(raw);
  if (parsed === 'malformed') return { error: 'expiresAt must be an ISO-8601 timestamp such as 2026-11-21T10:00:00Z' };
  if (parsed === 'zoneless') return { error: 'expiresAt must carry a time zone (Z or an offset such as +01:00)' };
  if (parsed.getTime() <= at.getTime()) return { error: 'expiresAt must be in the future' };
  return parsed.toISOString();
}

/** POST .../licenses/codes. `expiresAt` is checked against the clock by the use case. */
export const generateCodesSchema = z.strictObject({
  variantId: variantIdSchema,
  count: z.number().check(
    z.int('must be an integer from 1 to 10000'),
    z.minimum(1, `must be an integer from 1 to ${maxGeneratedCodes}`),
    z.maximum(maxGeneratedCodes, `must be an integer from 1 to ${maxGeneratedCodes}`),
  ),
  expiresAt: z._default(z.nullable(z.string().check(z.maxLength(64, 'is not a timestamp'))), null),
});

/** POST .../licenses/codes/import: `variantId` may be left out when the application has exactly one variant. */
export const importCodesQuerySchema = z.object({ variantId: z.optional(variantIdSchema) });

/** GET .../licenses/codes: `limit` and `cursor` as in the user lists, plus the filters. */
export const codeListQuerySchema = z.extend(connectionPageQuerySchema, {
  state: z.optional(
    z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(['UNUSED', 'ACTIVE', 'EXPIRED'], 'must be UNUSED, ACTIVE or EXPIRED')),
  ),
  variantId: z.optional(variantIdSchema),
});

/** POST /api/user/licenses/redeem. */
export const redeemSchema = z.strictObject({
  code: z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(200, 'is not a license code')),
});
