import { invitationSchema, inviteDeveloper } from '../../lib/developers/invite.js';
import { createDeveloperHandler } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';

/** POST /api/developer/invitations {username}: grants an existing account the developer role. */
export const handler = createDeveloperHandler({ schema: invitationSchema }, async (input) => {
  const invited = await inviteDeveloper(input.username);
  return apiOk({ userId: invited.userId, username: input.username, developer: true }, 201);
});
