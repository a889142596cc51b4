import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { listWebhooks } from '../../lib/webhooks/endpoints.js';

/** GET /api/developer/applications/{appId}/webhooks */
export const handler = createDeveloperReadHandler({}, async (_input, request, admin) => {
  const webhooks = await listWebhooks(pathParameter(request, 'appId'), admin.userId);
  return apiOk({ webhooks });
});
