import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { integrationReadiness } from '../../lib/applications/readiness.js';
import { apiOk } from '../../lib/http/responses.js';

/** POST /api/developer/applications/{appId}/status-sync-api/test (seed §7): the integration readiness report. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  return apiOk({ ...(await integrationReadiness(pathParameter(request, 'appId'), admin.userId, 'status-sync')) });
});
