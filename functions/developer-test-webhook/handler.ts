import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { sendTestEvent } from '../../lib/webhooks/endpoints.js';

/** POST /api/developer/applications/{appId}/webhooks/{endpointId}/test: 202, `signet.test` is on its way. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const sent = await sendTestEvent(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'));
  return apiOk(sent, 202);
});
