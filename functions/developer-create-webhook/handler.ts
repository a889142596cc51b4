import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { createWebhook } from '../../lib/webhooks/endpoints.js';
import { newWebhookSchema } from '../../lib/webhooks/schemas.js';

/** POST /api/developer/applications/{appId}/webhooks: the signing secret is shown only here (and on rotation). */
export const handler = createDeveloperHandler({ schema: newWebhookSchema }, async (input, request, admin) => {
  const created = await createWebhook(pathParameter(request, 'appId'), admin.userId, input);
  return apiOk(created, 201);
});
