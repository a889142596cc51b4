import type { HttpRequest } from '../http/request.js';
import { parseUserId } from '../sessions/session-key.js';

/** The admin session cookie /auth/login sets for the developer portal (docs/api.md, Developer). */
export const sessionCookieName = 'signet_session';

/** The header only the developer portal sends (a cross-site form cannot; see session-credentials.ts). */
export const portalRequestHeader = 'x-signet-portal';

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

/**
 * Login CSRF (issue 21): a login sets the cookie only when the portal asked for it
 * (X-Signet-Portal, which a cross-site form cannot send) or the browser says the
 * request is same-origin (Sec-Fetch-Site, or an Origin whose host is the Host).
 */
export function loginMaySetCookie(request: Pick<HttpRequest, 'headers'>): boolean {
  const headers = request.headers;
  if (headers[portalRequestHeader] !== undefined) return true;
  if (headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = headers.origin;
  if (!origin || !headers.host) return false;
  try {
    return new URL(origin).host.toLowerCase() === headers.host.toLowerCase();
  } catch {
    return false;
  }
}
