import { proxiedClientAddress } from '../../lib/app-auth/basic-auth.js';
import { config } from '../../lib/config.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { loginWithFacebook } from '../../lib/auth/facebook-login.js';
import { loginSchema } from '../../lib/auth/login-params.js';
import { hostnameOf } from '../../lib/auth/login-scope.js';
import { loginWithPassword } from '../../lib/auth/password-login.js';
import { cookieIsSecure, loginMaySetCookie, sessionCookieHeader } from '../../lib/auth/session-cookie.js';
import { spaazaDateTime, userInfo } from '../../lib/auth/spaaza-format.js';
import { spaazaOk } from '../../lib/http/responses.js';
import { adminScope } from '../../lib/sessions/validity.js';

/** POST /auth/login (docs/api.md, Sessions): password or Facebook; member session with the hostname header, else admin. */
export const handler = createAuthHandler({ schema: loginSchema, proxiedClientIp: proxiedClientAddress }, async (input, request, version) => {
  const hostname = hostnameOf(request);
  const outcome =
    input.auth_method === 'facebook'
      ? await loginWithFacebook({
          accessToken: input.fb_access_token ?? '',
          accessTokenExpiresIn: input.fb_access_token_expires,
          hostname,
        })
      : await loginWithPassword({ username: input.username ?? '', password: input.password ?? '', hostname, sourceIp: request.sourceIp });
  const { session, sessionKey, user } = outcome;
  const ttlHours = config().SESSION_TTL_HOURS;
  const response = spaazaOk({
    result_type: 'login',
    session_info: {
      session_key: sessionKey,
      session_key_validity: String(ttlHours),
      session_auth_method: session.authMethod,
      session_user_id: user.userId,
      session_username: user.username,
      session_expires_date: spaazaDateTime(session.expiresAt),
    },
    user_info: userInfo(user, version),
  });
  if (session.scope === adminScope && loginMaySetCookie(request)) {
    response.headers = { 'Set-Cookie': sessionCookieHeader(user.userId, sessionKey, ttlHours * 3600, cookieIsSecure(request)) };
  }
  return response;
});
