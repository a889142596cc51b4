import { createAuthHandler } from '../../lib/handlers/auth.js';
import { hostnameOf } from '../../lib/auth/login-scope.js';
import { getLoginStatus } from '../../lib/auth/login-status.js';
import { loginStatusSchema } from '../../lib/auth/login-status-params.js';
import { facebookFields, userFields } from '../../lib/auth/spaaza-format.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** GET and POST /auth/get-login-status (API.md §3, seed 004); parameters from the body or the query string. */
export const handler = createAuthHandler(
  { schema: loginStatusSchema, input: (request) => ({ ...request.query, ...request.body }) },
  async (input, request, version) => {
    const { user, session } = await getLoginStatus({
      userId: input.user_id,
      username: input.username,
      sessionKey: input.session_key,
      hostname: hostnameOf(request),
    });
    const fields = userFields(user, version);
    const { mailing_list, entity_code, ...profile } = fields;
    return spaazaOk({ ...profile, ...facebookFields(session), mailing_list, entity_code, result_type: 'get-login-status' });
  },
);
