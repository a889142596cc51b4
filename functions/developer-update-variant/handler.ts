import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { variantPatchSchema } from '../../lib/variants/schemas.js';
import { updateVariant } from '../../lib/variants/update-variant.js';

/** PATCH /api/developer/applications/{appId}/licenses/variants/{variantId}: a rename moves the name claim atomically. */
export const handler = createDeveloperHandler({ schema: variantPatchSchema }, async (patch, request, admin) => {
  const variant = await updateVariant(pathParameter(request, 'appId'), pathParameter(request, 'variantId'), admin.userId, patch);
  return apiOk({ variant });
});
