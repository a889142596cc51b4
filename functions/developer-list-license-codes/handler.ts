import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { now } from '../../lib/clock.js';
import { listCodes } from '../../lib/licenses/list-codes.js';
import { codeListQuerySchema } from '../../lib/licenses/schemas.js';

/** GET /api/developer/applications/{appId}/licenses/codes?state=&variantId=&limit=&cursor=: the code inventory, one page. */
export const handler = createDeveloperReadHandler({ schema: codeListQuerySchema, input: (request) => request.query }, async (query, request, admin) => {
  const page = await listCodes(pathParameter(request, 'appId'), admin.userId, query, now());
  return apiOk({ codes: page.codes, nextCursor: page.nextCursor });
});
