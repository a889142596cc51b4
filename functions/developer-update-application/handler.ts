import { applicationPatchSchema, updateApplication } from '../../lib/applications/update-application.js';
import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';

/** PATCH /api/developer/applications/{appId}: `name` and/or `passwordResetUrl` (https, with {token}; null removes it). */
export const handler = createDeveloperHandler({ schema: applicationPatchSchema }, async (patch, request, admin) => {
  return apiOk({ application: await updateApplication(pathParameter(request, 'appId'), admin.userId, patch) });
});
