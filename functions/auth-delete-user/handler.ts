import { deleteUser } from '../../lib/account/delete-user.js';
import { deleteUserSchema } from '../../lib/account/params.js';
import { sessionCredentialsOf } from '../../lib/auth/session-credentials.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** DELETE /auth/delete-user (and Spaaza's DELETE /delete-user), docs/api.md, account lifecycle: confirmed by the password or a Facebook token. */
export const handler = createAuthHandler({ schema: deleteUserSchema }, async (input, request) => {
  await deleteUser({
    credentials: await sessionCredentialsOf(request),
    password: input.password,
    facebookAccessToken: input.fb_access_token,
    sourceIp: request.sourceIp,
  });
  return spaazaOk({ result_type: 'delete-user' });
});
