import type { HttpRequest } from '../http/request.js';
import { parseUserId } from '../sessions/session-key.js';

/** The admin session cookie /auth/login sets for the developer portal (docs/api.md, Developer). */
export const sessionCookieName = 'signet_session';

const loopbackHost = /^(localhost|[^.]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const loopbackIp = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/;

/**
 * Secure everywhere except a loopback server reached over loopback (`npm start` on
 * http://127.0.0.1): there browsers may refuse a Secure cookie over plain HTTP. Both the
 * Host header and the peer must be loopback, so no deployed request can drop the flag.
 */
export function cookieIsSecure(request: Pick<HttpRequest, 'headers' | 'sourceIp'>): boolean {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  return !(loopbackHost.test(host) && loopbackIp.test(request.sourceIp));
}

const attributes = (secure: boolean) => `Path=/; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Lax`;

/** Value `<userId>.<sessionKey>`: both halves are needed to find the session item. */
export function sessionCookieHeader(userId: number, sessionKey: string, maxAgeSeconds: number, secure = true): string {
  return `${sessionCookieName}=${userId}.${sessionKey}; Max-Age=${maxAgeSeconds}; ${attributes(secure)}`;
}

/** Ends the cookie (logout). */
export function clearedSessionCookieHeader(secure = true): string {
  return `${sessionCookieName}=; Max-Age=0; ${attributes(secure)}`;
}

export function parseSessionCookie(value: string | undefined): { userId: number; sessionKey: string } | undefined {
  if (!value) return undefined;
  const dot = value.indexOf('.');
  if (dot < 1) return undefined;
  const userId = parseUserId(value.slice(0, dot));
  if (userId === undefined) return undefined;
  return { userId, sessionKey: value.slice(dot + 1) };
}
