import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { createVariant } from '../../lib/variants/create-variant.js';
import { newVariantSchema } from '../../lib/variants/schemas.js';

/** POST /api/developer/applications/{appId}/licenses/variants: names are unique per app, case-insensitively. */
export const handler = createDeveloperHandler({ schema: newVariantSchema }, async (input, request, admin) => {
  const variant = await createVariant(pathParameter(request, 'appId'), admin.userId, input);
  return apiOk({ variant }, 201);
});
