import { proxiedClientAddress } from '../../lib/app-auth/basic-auth.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { hostnameOf } from '../../lib/auth/login-scope.js';
import { currentStatusOf, getLoginStatus, startLoginStatusReadAhead } from '../../lib/auth/login-status.js';
import { loginStatusInput, loginStatusSchema } from '../../lib/auth/login-status-params.js';
import { facebookFields, userFields } from '../../lib/auth/spaaza-format.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** GET and POST /auth/get-login-status (docs/api.md, seed 004); parameters from the body or the query string. */
export const handler = createAuthHandler(
  {
    schema: loginStatusSchema,
    proxiedClientIp: proxiedClientAddress,
    readAhead: startLoginStatusReadAhead,
    input: loginStatusInput,
  },
  async (input, request, version) => {
    const login = await getLoginStatus({
      sourceIp: request.sourceIp,
      userId: input.user_id,
      username: input.username,
      sessionKey: input.session_key,
      hostname: hostnameOf(request),
    });
    const { user, session } = login;
    const fields = userFields(user, version);
    const { mailing_list, entity_code, ...profile } = fields;
    // Only when asked: it costs one more read (docs/performance.md).
    const status = request.headers['x-signet-include-status']?.trim().toLowerCase() === 'true' ? { signet_status: await currentStatusOf(login) } : {};
    return spaazaOk({
      ...profile,
      ...facebookFields(session),
      mailing_list,
      entity_code,
      global_id: user.globalId,
      ...status,
      result_type: 'get-login-status',
    });
  },
);
