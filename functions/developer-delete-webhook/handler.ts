import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { deleteWebhook } from '../../lib/webhooks/endpoints.js';

/** DELETE /api/developer/applications/{appId}/webhooks/{endpointId}: its delivery log expires with its TTL. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const webhook = await deleteWebhook(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'));
  return apiOk({ webhook });
});
