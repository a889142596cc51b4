import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { recoverWebhook } from '../../lib/webhooks/endpoints.js';
import { recoverSchema } from '../../lib/webhooks/schemas.js';

/** POST /api/developer/applications/{appId}/webhooks/{endpointId}/recover {since}: 202, failed deliveries since then are re-sent. */
export const handler = createDeveloperHandler({ schema: recoverSchema }, async (input, request, admin) => {
  await recoverWebhook(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'), input.since);
  return apiOk({}, 202);
});
