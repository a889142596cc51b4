import { resetPassword } from '../../lib/account/reset-password.js';
import { resetPasswordSchema } from '../../lib/account/params.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** POST /auth/reset-password (docs/api.md, account lifecycle): consumes the mailed token; every session of the user ends. */
export const handler = createAuthHandler({ schema: resetPasswordSchema }, async (input) => {
  const user = await resetPassword({ token: input.token, password: input.password });
  return spaazaOk({ result_type: 'reset-password', username: user.username });
});
