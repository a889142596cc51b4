import { retireClientSecret } from '../../lib/applications/client-secrets.js';
import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';

/** DELETE /api/developer/applications/{appId}/client-secrets/{secretId}: retire a secret (never the last one). */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const secretId = pathParameter(request, 'secretId');
  await retireClientSecret(pathParameter(request, 'appId'), secretId, { ownerUserId: admin.userId });
  return apiOk({ secretId, retired: true });
});
