import { createDeveloperReadHandler } from '../../lib/handlers/developer.js';
import { listOwnedApplications } from '../../lib/applications/get-application.js';
import { apiOk } from '../../lib/http/responses.js';

/** GET /api/developer/applications: the caller's applications, oldest first. */
export const handler = createDeveloperReadHandler({}, async (_input, _request, admin) => {
  return apiOk({ applications: await listOwnedApplications(admin.userId) });
});
