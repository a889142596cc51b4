import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { deactivateConnection } from '../../lib/connections/deactivate.js';
import { apiOk } from '../../lib/http/responses.js';

/** DELETE /api/developer/applications/{appId}/users/{connectionId}: deactivate; sessions end, ACTIVE licenses expire, history stays. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const result = await deactivateConnection(pathParameter(request, 'appId'), pathParameter(request, 'connectionId'), {
    ownerUserId: admin.userId,
  });
  return apiOk({ user: result.user, endedSessionCount: result.endedSessionCount, expiredLicenseIds: result.expiredLicenseIds });
});
