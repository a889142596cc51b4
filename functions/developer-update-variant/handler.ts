import * as z from 'zod/mini';
import { createDeveloperHandler, pathParameter } from '../../lib/http/developer-handler.js';
import { apiOk } from '../../lib/http/responses.js';
import { descriptionSchema, durationSchema, variantNameSchema } from '../../lib/variants/rules.js';
import { updateVariant } from '../../lib/variants/update-variant.js';

const bodySchema = z.object({
  name: z.optional(variantNameSchema),
  description: z.optional(descriptionSchema),
  defaultDuration: z.optional(durationSchema),
}).check(
  z.refine((patch) => patch.name !== undefined || patch.description !== undefined || patch.defaultDuration !== undefined, {
    message: 'send at least one of name, description, defaultDuration',
  }),
);

/** PATCH /api/developer/applications/{appId}/licenses/variants/{variantId}: a rename moves the name claim atomically. */
export const handler = createDeveloperHandler({ schema: bodySchema }, async (patch, request, admin) => {
  const variant = await updateVariant(pathParameter(request, 'appId'), pathParameter(request, 'variantId'), admin.userId, patch);
  return apiOk({ variant });
});
