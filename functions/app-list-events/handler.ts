import { readEventFeed } from '../../lib/events/feed.js';
import { createAppReadHandler } from '../../lib/handlers/app.js';
import { apiOk } from '../../lib/http/responses.js';
import { eventFeedQuerySchema } from '../../lib/webhooks/schemas.js';

/** GET /api/applications/{appId}/events?after=&limit= (HTTP Basic): the pull feed, in order, 30 days back. */
export const handler = createAppReadHandler({ schema: eventFeedQuerySchema, input: (request) => request.query }, async (query, _request, caller) => {
  const page = await readEventFeed(caller.clientId, query, { confirmApplication: !caller.verifiedNow });
  return apiOk(page);
});
