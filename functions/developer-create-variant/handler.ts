import * as z from 'zod/mini';
import { createDeveloperHandler, pathParameter } from '../../lib/http/developer-handler.js';
import { apiOk } from '../../lib/http/responses.js';
import { createVariant } from '../../lib/variants/create-variant.js';
import { defaultVariantDuration, descriptionSchema, durationSchema, variantNameSchema } from '../../lib/variants/rules.js';

const bodySchema = z.object({
  name: variantNameSchema,
  description: z._default(descriptionSchema, null),
  defaultDuration: z._default(durationSchema, defaultVariantDuration),
});

/** POST /api/developer/applications/{appId}/licenses/variants: names are unique per app, case-insensitively. */
export const handler = createDeveloperHandler({ schema: bodySchema }, async (input, request, admin) => {
  const variant = await createVariant(pathParameter(request, 'appId'), admin.userId, input);
  return apiOk({ variant }, 201);
});
