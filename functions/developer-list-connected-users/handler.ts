import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { listConnectedUsers } from '../../lib/connections/developer-list.js';
import { connectionPageQuerySchema } from '../../lib/connections/page-query.js';
import { apiOk } from '../../lib/http/responses.js';

/** GET /api/developer/applications/{appId}/users?limit=&cursor=: connected users, one page. */
export const handler = createDeveloperReadHandler(
  { schema: connectionPageQuerySchema, input: (request) => request.query },
  async (query, request, admin) => {
    const page = await listConnectedUsers(pathParameter(request, 'appId'), admin.userId, query);
    return apiOk({ users: page.users, total: page.total, nextCursor: page.nextCursor });
  },
);
