import type { HttpRequest } from '../http/request.js';
import { parseUserId } from '../sessions/session-key.js';
import { parseSessionCookie, sessionCookieName } from './session-cookie.js';

export interface SessionCredentials {
  userId: number;
  sessionKey: string;
}

/**
 * The session a request presents: the X-Spaaza-Session-* header pair, else the
 * admin cookie. Undefined when neither is present and well formed.
 */
export function sessionCredentialsOf(request: HttpRequest): SessionCredentials | undefined {
  const headerUserId = request.headers['x-spaaza-session-user-id'];
  const headerKey = request.headers['x-spaaza-session-key'];
  if (headerUserId !== undefined || headerKey !== undefined) {
    const userId = parseUserId((headerUserId ?? '').trim());
    const sessionKey = (headerKey ?? '').trim();
    return userId !== undefined && sessionKey ? { userId, sessionKey } : undefined;
  }
  return parseSessionCookie(request.cookies[sessionCookieName]);
}
