import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { parseUserId } from '../sessions/session-key.js';
import { parseSessionCookie, sessionCookieName } from './session-cookie.js';

export interface SessionCredentials {
  userId: number;
  sessionKey: string;
}

/**
 * The header a cookie-authenticated write must carry (the developer portal sends it).
 * A page of another origin can send the cookie (a form post) but not a custom header
 * without a CORS preflight, which Signet never grants: cross-site writes fail here.
 */
export const portalRequestHeader = 'x-signet-portal';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session a request presents: the X-Spaaza-Session-* header pair, else the
 * admin cookie. Undefined when neither is present and well formed. A cookie
 * presented on a write without the portal header is refused (403 forbidden).
 */
export function sessionCredentialsOf(request: HttpRequest): SessionCredentials | undefined {
  const headerUserId = request.headers['x-spaaza-session-user-id'];
  const headerKey = request.headers['x-spaaza-session-key'];
  if (headerUserId !== undefined || headerKey !== undefined) {
    const userId = parseUserId((headerUserId ?? '').trim());
    const sessionKey = (headerKey ?? '').trim();
    return userId !== undefined && sessionKey ? { userId, sessionKey } : undefined;
  }
  const fromCookie = parseSessionCookie(request.cookies[sessionCookieName]);
  if (fromCookie && !safeMethods.has(request.method) && request.headers[portalRequestHeader] === undefined) {
    throw new SignetError('forbidden', `A write authenticated by the session cookie needs the X-Signet-Portal header (cross-site request refused)`);
  }
  return fromCookie;
}
