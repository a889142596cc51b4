import { createAppReadHandler } from '../../lib/handlers/app.js';
import { apiOk } from '../../lib/http/responses.js';
import { readCurrentStatus } from '../../lib/status-sync/current-status.js';
import { currentStatusBody } from '../../lib/status-sync/views.js';

/** GET /api/applications/{appId}/users/{globalId}/status (HTTP Basic): current synced status and recent history. */
export const handler = createAppReadHandler({}, async (_body, request, caller) => {
  const current = await readCurrentStatus(caller.clientId, request.pathParameters.globalId ?? '');
  return apiOk(currentStatusBody(current));
});
