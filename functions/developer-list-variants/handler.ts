import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { listOwnedVariants } from '../../lib/variants/list-variants.js';

/** GET /api/developer/applications/{appId}/licenses/variants */
export const handler = createDeveloperReadHandler({}, async (_input, request, admin) => {
  return apiOk({ variants: await listOwnedVariants(pathParameter(request, 'appId'), admin.userId) });
});
