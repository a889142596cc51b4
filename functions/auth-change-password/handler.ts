import { changePassword } from '../../lib/account/change-password.js';
import { changePasswordSchema } from '../../lib/account/params.js';
import { sessionCredentialsOf } from '../../lib/auth/session-credentials.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** POST /auth/change-password (docs/api.md, account lifecycle): session headers; every other session of the user ends. */
export const handler = createAuthHandler({ schema: changePasswordSchema }, async (input, request) => {
  await changePassword({
    credentials: await sessionCredentialsOf(request),
    currentPassword: input.current_password,
    newPassword: input.new_password,
    sourceIp: request.sourceIp,
  });
  return spaazaOk({ result_type: 'change-password' });
});
