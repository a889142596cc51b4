import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { getWebhook } from '../../lib/webhooks/endpoints.js';

/** GET /api/developer/applications/{appId}/webhooks/{endpointId} */
export const handler = createDeveloperReadHandler({}, async (_input, request, admin) => {
  const webhook = await getWebhook(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'));
  return apiOk({ webhook });
});
