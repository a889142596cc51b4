import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { updateWebhook } from '../../lib/webhooks/endpoints.js';
import { webhookPatchSchema } from '../../lib/webhooks/schemas.js';

/** PATCH /api/developer/applications/{appId}/webhooks/{endpointId}: url, eventTypes, enabled. */
export const handler = createDeveloperHandler({ schema: webhookPatchSchema }, async (input, request, admin) => {
  const webhook = await updateWebhook(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'), input);
  return apiOk({ webhook });
});
