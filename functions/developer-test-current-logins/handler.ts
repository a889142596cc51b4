import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { integrationReadiness } from '../../lib/applications/readiness.js';
import { apiOk } from '../../lib/http/responses.js';

/** POST /api/developer/applications/{appId}/current-logins-sync-api/test: readiness of GET /api/applications/{appId}/users. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  return apiOk({ ...(await integrationReadiness(pathParameter(request, 'appId'), admin.userId, 'current-logins')) });
});
