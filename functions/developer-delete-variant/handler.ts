import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { deleteVariant } from '../../lib/variants/delete-variant.js';

/** DELETE /api/developer/applications/{appId}/licenses/variants/{variantId}: refused (409) while it has ACTIVE licenses. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const variantId = pathParameter(request, 'variantId');
  await deleteVariant(pathParameter(request, 'appId'), variantId, admin.userId);
  return apiOk({ variantId, deleted: true });
});
