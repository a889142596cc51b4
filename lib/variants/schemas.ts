import * as z from 'zod/mini';
import { defaultVariantDuration, descriptionSchema, durationSchema, variantNameSchema } from './rules.js';

/** Request schemas of the variant routes (docs/api.md, Developer), used by the handlers and the OpenAPI document. */

export const newVariantSchema = z.strictObject({
  name: variantNameSchema,
  description: z._default(descriptionSchema, null),
  defaultDuration: z._default(durationSchema, defaultVariantDuration),
});

export const variantPatchSchema = z
  .strictObject({
    name: z.optional(variantNameSchema),
    description: z.optional(descriptionSchema),
    defaultDuration: z.optional(durationSchema),
  })
  .check(
    z.refine((patch) => patch.name !== undefined || patch.description !== undefined || patch.defaultDuration !== undefined, {
      message: 'send at least one of name, description, defaultDuration',
    }),
  );
