import { connectionPageQuerySchema } from '../../lib/connections/page-query.js';
import { createAppReadHandler } from '../../lib/handlers/app.js';
import { apiOk } from '../../lib/http/responses.js';
import { listCurrentLogins } from '../../lib/connections/current-logins.js';

/** GET /api/applications/{appId}/users?limit=&cursor= (HTTP Basic): the app's connected users, one page. */
export const handler = createAppReadHandler({ schema: connectionPageQuerySchema, input: (request) => request.query }, async (query, _request, caller) => {
  const page = await listCurrentLogins(caller.clientId, query);
  return apiOk(page);
});
