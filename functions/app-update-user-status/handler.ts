import { createAppHandler } from '../../lib/handlers/app.js';
import { apiOk } from '../../lib/http/responses.js';
import { changeUserStatus } from '../../lib/status-sync/change-status.js';
import { statusChangeRequestSchema } from '../../lib/status-sync/schemas.js';
import { statusChangeBody } from '../../lib/status-sync/views.js';

/** PATCH /api/applications/{appId}/users/{globalId}/status (HTTP Basic): grant, refresh or revoke a synced status. */
export const handler = createAppHandler({ schema: statusChangeRequestSchema }, async (body, request, caller) => {
  const globalId = request.pathParameters.globalId ?? '';
  const outcome = await changeUserStatus({ appId: caller.clientId, globalId, body, caller });
  return apiOk(statusChangeBody(outcome, globalId));
});
