import { proxiedClientAddress } from '../../lib/app-auth/basic-auth.js';
import { requestPasswordReset } from '../../lib/account/request-reset.js';
import { requestPasswordResetSchema } from '../../lib/account/params.js';
import { hostnameOf } from '../../lib/auth/login-scope.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** POST /auth/request-password-reset (and Spaaza's /internal/request-password-reset), docs/api.md, account lifecycle: always the same 200. */
export const handler = createAuthHandler({ schema: requestPasswordResetSchema, proxiedClientIp: proxiedClientAddress }, async (input, request) => {
  await requestPasswordReset({ username: input.username, hostname: hostnameOf(request), sourceIp: request.sourceIp });
  return spaazaOk({ result_type: 'request-password-reset' });
});
