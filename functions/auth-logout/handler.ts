import { createAuthHandler } from '../../lib/handlers/auth.js';
import { logout } from '../../lib/auth/logout.js';
import { clearedSessionCookieHeader, cookieIsSecure, sessionCookieName } from '../../lib/auth/session-cookie.js';
import { sessionCredentialsOf } from '../../lib/auth/session-credentials.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** DELETE /auth/logout (docs/api.md, Sessions): the X-Spaaza-Session-* headers (user id or username, and key) or the admin cookie name the session to end. */
export const handler = createAuthHandler({}, async (_input, request) => {
  const session = await logout(await sessionCredentialsOf(request));
  const response = spaazaOk({ result_type: 'logout', username: session.username });
  if (request.cookies[sessionCookieName] !== undefined) response.headers = { 'Set-Cookie': clearedSessionCookieHeader(cookieIsSecure(request)) };
  return response;
});
