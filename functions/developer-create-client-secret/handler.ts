import { addClientSecret } from '../../lib/applications/client-secrets.js';
import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { replayableSecret } from '../../lib/secrets/redact.js';

/** POST /api/developer/applications/{appId}/client-secrets: one more active secret (rotation without downtime). */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const created = await addClientSecret(pathParameter(request, 'appId'), { ownerUserId: admin.userId });
  return apiOk({ secretId: created.secretId, ...replayableSecret(created.clientSecret) }, 201);
});
