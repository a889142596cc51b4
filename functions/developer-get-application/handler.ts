import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { getOwnedApplication } from '../../lib/applications/get-application.js';
import { apiOk } from '../../lib/http/responses.js';

/** GET /api/developer/applications/{appId}: the app with its client secrets' ids and dates (never a secret). */
export const handler = createDeveloperReadHandler({}, async (_input, request, admin) => {
  return apiOk({ application: await getOwnedApplication(pathParameter(request, 'appId'), admin.userId) });
});
