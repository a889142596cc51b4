import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { rotateWebhookSecret } from '../../lib/webhooks/endpoints.js';

/** POST /api/developer/applications/{appId}/webhooks/{endpointId}/rotate-secret: the old secret signs beside the new one for 24 h. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const rotated = await rotateWebhookSecret(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'));
  return apiOk(rotated);
});
