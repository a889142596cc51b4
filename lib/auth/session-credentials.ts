import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { sendsSessionHeaders, sessionHeaderCredentials, type SessionCredentials } from '../sessions/session-headers.js';
import { parseSessionCookie, portalRequestHeader, sessionCookieName } from './session-cookie.js';

export type { SessionCredentials };

/**
 * The header a cookie-authenticated write must carry (the developer portal sends it).
 * A page of another origin can send the cookie (a form post) but not a custom header
 * without a CORS preflight, which Signet never grants: cross-site writes fail here.
 */
export { portalRequestHeader };

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session a request presents: the X-Spaaza-Session-* headers, else the admin
 * cookie. The user is named by X-Spaaza-Session-User-Id or, as Spaaza's PHP client
 * sends it when given a username, X-Spaaza-Session-Username (docs/api.md, Sessions); the user
 * id wins when both are sent. Undefined when nothing well formed names a user.
 * A cookie presented on a write without the portal header is refused (403 forbidden).
 */
export async function sessionCredentialsOf(request: HttpRequest): Promise<SessionCredentials | undefined> {
  if (sendsSessionHeaders(request.headers)) return sessionHeaderCredentials(request.headers);
  const fromCookie = parseSessionCookie(request.cookies[sessionCookieName]);
  if (fromCookie && !safeMethods.has(request.method) && request.headers[portalRequestHeader] === undefined) {
    throw new SignetError('forbidden', `A write authenticated by the session cookie needs the X-Signet-Portal header (cross-site request refused)`);
  }
  return fromCookie;
}
