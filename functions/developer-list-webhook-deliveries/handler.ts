import { createDeveloperReadHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { listDeliveries } from '../../lib/webhooks/deliveries.js';
import { deliveriesQuerySchema } from '../../lib/webhooks/schemas.js';

/** GET /api/developer/applications/{appId}/webhooks/{endpointId}/deliveries?limit=&cursor=: newest first, 30 days. */
export const handler = createDeveloperReadHandler({ schema: deliveriesQuerySchema, input: (request) => request.query }, async (query, request, admin) => {
  const page = await listDeliveries(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'endpointId'), query);
  return apiOk(page);
});
