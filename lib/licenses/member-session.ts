import { normalizeHostname } from '../applications/hostnames.js';
import { hostnameOf } from '../auth/login-scope.js';
import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { hashSessionKey, isWellFormedSessionKey, parseUserId } from '../sessions/session-key.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { now } from '../clock.js';
import { readSessionAndHostname, readUserIdByUsername } from './repository.js';

export interface MemberIdentity {
  userId: number;
  globalId: string;
  appId: string;
}

/**
 * The app's hostname, decided as login decides it (lib/auth/login-scope.ts `hostnameOf`,
 * then the stored IDNA form of lib/applications/hostnames.ts), so `Bücher.example` names
 * the same app here as at login; '' when it names none (two different headers included).
 */
function normalizedHostnameOf(request: HttpRequest): string {
  try {
    return normalizeHostname(hostnameOf(request) ?? '');
  } catch {
    return '';
  }
}

/**
 * Authenticates a member of an app by the X-Spaaza-Session-User-Id (or -Username) +
 * X-Spaaza-Session-Key headers and the app's hostname header (one BatchGetItem: the session
 * and the hostname claim; a username costs one GetItem of its claim first). The session
 * must be live and bound to the app the hostname names. Every failure is the same 401.
 */
export async function authenticateMember(request: HttpRequest): Promise<MemberIdentity> {
  const unauthorized = () => new SignetError('unauthorized', 'A valid member session of this application is required');
  const userIdHeader = request.headers['x-spaaza-session-user-id'];
  const username = request.headers['x-spaaza-session-username']?.trim().toLowerCase();
  const sessionKey = (request.headers['x-spaaza-session-key'] ?? '').trim();
  const hostname = normalizedHostnameOf(request);
  if (!isWellFormedSessionKey(sessionKey) || !hostname) throw unauthorized();
  let userId = userIdHeader === undefined ? undefined : parseUserId(userIdHeader.trim());
  if (userIdHeader === undefined && username) userId = await readUserIdByUsername(username);
  if (userId === undefined) throw unauthorized();
  const { session, hostnameAppId } = await readSessionAndHostname(keys.session(userId, hashSessionKey(sessionKey)), hostname);
  if (!isLiveSession(session, now()) || session.scope === adminScope || session.scope !== hostnameAppId || !session.globalId) {
    throw unauthorized();
  }
  if (username !== undefined && session.username?.toLowerCase() !== username) throw unauthorized();
  return { userId: session.userId, globalId: session.globalId, appId: session.scope };
}
