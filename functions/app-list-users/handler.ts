import { createAppHandler } from '../../lib/http/app-handler.js';
import { apiOk } from '../../lib/http/responses.js';
import { listCurrentLogins } from '../../lib/status-sync/current-logins.js';

/** GET /api/applications/{appId}/users (HTTP Basic): the app's connected users, paginated. */
export const handler = createAppHandler({}, async (_body, request, caller) => {
  const page = await listCurrentLogins(caller.clientId, { limit: request.query.limit, cursor: request.query.cursor });
  return apiOk(page);
});
