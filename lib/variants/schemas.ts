import * as z from 'zod/mini';
import { isoTimestampSchema } from '../http/timestamps.js';
import { defaultVariantDuration, descriptionSchema, durationSchema, licenseDurations, variantNameSchema } from './rules.js';

/** Request and response schemas of the variant routes (API.md §4), used by the handlers and the OpenAPI document. */

export const newVariantSchema = z.object({
  name: variantNameSchema,
  description: z._default(descriptionSchema, null),
  defaultDuration: z._default(durationSchema, defaultVariantDuration),
});

export const variantPatchSchema = z
  .object({
    name: z.optional(variantNameSchema),
    description: z.optional(descriptionSchema),
    defaultDuration: z.optional(durationSchema),
  })
  .check(
    z.refine((patch) => patch.name !== undefined || patch.description !== undefined || patch.defaultDuration !== undefined, {
      message: 'send at least one of name, description, defaultDuration',
    }),
  );

export const licenseDurationSchema = z.enum(licenseDurations as ['MONTH', 'YEAR', 'LIFETIME']);

export const variantViewSchema = z.object({
  variantId: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  defaultDuration: licenseDurationSchema,
  createdAt: isoTimestampSchema,
});
