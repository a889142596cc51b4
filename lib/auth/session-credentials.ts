import { get } from '../db/operations.js';
import type { UserClaimItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { isWellFormedSessionKey, parseUserId } from '../sessions/session-key.js';
import { parseSessionCookie, sessionCookieName } from './session-cookie.js';

export interface SessionCredentials {
  userId: number;
  sessionKey: string;
}

/** The longest username add-user accepts (lib/auth/params.ts); anything longer names nobody. */
const maxUsernameLength = 254;

/** The user id a username claims (case-insensitive), read only for a key that could be ours. */
async function userIdOfUsername(username: string): Promise<number | undefined> {
  return (await get<UserClaimItem>(keys.usernameClaim(username), { consistent: true }))?.userId;
}

/**
 * The header a cookie-authenticated write must carry (the developer portal sends it).
 * A page of another origin can send the cookie (a form post) but not a custom header
 * without a CORS preflight, which Signet never grants: cross-site writes fail here.
 */
export const portalRequestHeader = 'x-signet-portal';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session a request presents: the X-Spaaza-Session-* headers, else the admin
 * cookie. The user is named by X-Spaaza-Session-User-Id or, as Spaaza's PHP client
 * sends it when given a username, X-Spaaza-Session-Username (docs/api.md, Sessions); the user
 * id wins when both are sent. Undefined when nothing well formed names a user.
 * A cookie presented on a write without the portal header is refused (403 forbidden).
 */
export async function sessionCredentialsOf(request: HttpRequest): Promise<SessionCredentials | undefined> {
  const headerUserId = request.headers['x-spaaza-session-user-id'];
  const headerUsername = request.headers['x-spaaza-session-username'];
  const headerKey = request.headers['x-spaaza-session-key'];
  if (headerUserId === undefined && headerUsername === undefined && headerKey === undefined) {
    const fromCookie = parseSessionCookie(request.cookies[sessionCookieName]);
    if (fromCookie && !safeMethods.has(request.method) && request.headers[portalRequestHeader] === undefined) {
      throw new SignetError('forbidden', `A write authenticated by the session cookie needs the X-Signet-Portal header (cross-site request refused)`);
    }
    return fromCookie;
  }
  const sessionKey = (headerKey ?? '').trim();
  if (!sessionKey) return undefined;
  if (headerUserId !== undefined) {
    const userId = parseUserId(headerUserId.trim());
    return userId === undefined ? undefined : { userId, sessionKey };
  }
  const username = (headerUsername ?? '').trim();
  if (!username || username.length > maxUsernameLength || !isWellFormedSessionKey(sessionKey)) return undefined;
  const userId = await userIdOfUsername(username);
  return userId === undefined ? undefined : { userId, sessionKey };
}
