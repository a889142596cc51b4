import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { verifyHostname } from '../../lib/applications/verify-hostname.js';
import { apiOk } from '../../lib/http/responses.js';

/** POST /api/developer/applications/{appId}/hostnames/{hostname}/verify: checks the DNS TXT challenge. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  return apiOk({ application: await verifyHostname(pathParameter(request, 'appId'), pathParameter(request, 'hostname'), admin.userId) });
});
