import { userIdOfUsername } from '../entities/user-claims.js';
import { isWellFormedSessionKey, noSuchUserId, parseUserId } from './session-key.js';

/** What a request's X-Spaaza-Session-* headers name: a user (by id, else by username, docs/api.md, Sessions) and a session key. */
export interface SessionCredentials {
  userId: number;
  sessionKey: string;
  /** The X-Spaaza-Session-Username sent (trimmed), also when the user id won: a caller may hold it to the session's. */
  username?: string;
}

/** True when the request sends any X-Spaaza-Session-* header. */
export function sendsSessionHeaders(headers: Readonly<Record<string, string | undefined>>): boolean {
  return ['x-spaaza-session-user-id', 'x-spaaza-session-username', 'x-spaaza-session-key'].some((name) => headers[name] !== undefined);
}

/**
 * The one parser of the session headers. The user is named by X-Spaaza-Session-User-Id
 * or, as Spaaza's PHP client sends it when given a username, X-Spaaza-Session-Username;
 * the user id wins when both are sent. A username costs one read of its claim, made only
 * for a key that could be ours; an unknown one yields `noSuchUserId`, whose session the
 * caller reads and does not find. Undefined when nothing well formed names a user.
 */
export async function sessionHeaderCredentials(headers: Readonly<Record<string, string | undefined>>): Promise<SessionCredentials | undefined> {
  const headerUserId = headers['x-spaaza-session-user-id'];
  const headerUsername = headers['x-spaaza-session-username']?.trim();
  const sessionKey = (headers['x-spaaza-session-key'] ?? '').trim();
  if (!sessionKey) return undefined;
  if (headerUserId !== undefined) {
    const userId = parseUserId(headerUserId.trim());
    return userId === undefined ? undefined : { userId, sessionKey, ...(headerUsername !== undefined ? { username: headerUsername } : {}) };
  }
  const username = headerUsername ?? '';
  if (!username || !isWellFormedSessionKey(sessionKey)) return undefined;
  // An unknown username names a user that cannot exist: the caller reads its session all the
  // same (and finds none), so known and unknown usernames cost the same reads (issue 21).
  const userId = (await userIdOfUsername(username)) ?? noSuchUserId;
  return { userId, sessionKey, username };
}
