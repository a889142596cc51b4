import { deleteApplication } from '../../lib/applications/delete-application.js';
import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';

/** DELETE /api/developer/applications/{appId}: secrets stop working, hostnames released, 404 afterwards. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  await deleteApplication(pathParameter(request, 'appId'), admin.userId);
  return apiOk({});
});
