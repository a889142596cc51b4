import { replayEvent } from '../../lib/events/replay.js';
import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';

/** POST /api/developer/applications/{appId}/events/{eventId}/replay: 202, the same webhook-id again. */
export const handler = createDeveloperHandler({}, async (_input, request, admin) => {
  const replayed = await replayEvent(pathParameter(request, 'appId'), admin.userId, pathParameter(request, 'eventId'));
  return apiOk(replayed, 202);
});
