import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';
import { licenseDurations } from './rules.js';

/** Response schemas of the variant routes (docs/api.md, Developer); views.ts takes its type from them. */

export const licenseDurationSchema = z.enum(licenseDurations as ['MONTH', 'YEAR', 'LIFETIME']);

export const variantViewSchema = z.object({
  variantId: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  defaultDuration: licenseDurationSchema,
  createdAt: isoTimestampSchema,
});
