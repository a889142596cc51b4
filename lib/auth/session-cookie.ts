import { parseUserId } from '../sessions/session-key.js';

/** The admin session cookie /auth/login sets for the developer portal (API.md §4). */
export const sessionCookieName = 'signet_session';

/** Value `<userId>.<sessionKey>`: both halves are needed to find the session item. */
export function sessionCookieHeader(userId: number, sessionKey: string, maxAgeSeconds: number): string {
  return `${sessionCookieName}=${userId}.${sessionKey}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

/** Ends the cookie (logout). */
export function clearedSessionCookieHeader(): string {
  return `${sessionCookieName}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

export function parseSessionCookie(value: string | undefined): { userId: number; sessionKey: string } | undefined {
  if (!value) return undefined;
  const dot = value.indexOf('.');
  if (dot < 1) return undefined;
  const userId = parseUserId(value.slice(0, dot));
  if (userId === undefined) return undefined;
  return { userId, sessionKey: value.slice(dot + 1) };
}
