import { isDnsHostname } from '../applications/hostnames.js';
import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { hashSessionKey, isWellFormedSessionKey, parseUserId } from '../sessions/session-key.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { now } from './clock.js';
import { readSessionAndHostname } from './repository.js';

export interface MemberIdentity {
  userId: number;
  globalId: string;
  appId: string;
}

/**
 * Authenticates a member of an app by the X-Spaaza-Session-User-Id + X-Spaaza-Session-Key
 * headers and the X-Spaaza-MyPrice-App-Hostname header (one BatchGetItem: the session and
 * the hostname claim). The session must be live and bound to the app the hostname names.
 * Every failure is the same 401 `unauthorized`.
 */
export async function authenticateMember(request: HttpRequest): Promise<MemberIdentity> {
  const unauthorized = () => new SignetError('unauthorized', 'A valid member session of this application is required');
  const userId = parseUserId((request.headers['x-spaaza-session-user-id'] ?? '').trim());
  const sessionKey = (request.headers['x-spaaza-session-key'] ?? '').trim();
  const hostname = (request.headers['x-spaaza-myprice-app-hostname'] ?? '').trim().toLowerCase();
  if (userId === undefined || !isWellFormedSessionKey(sessionKey) || !isDnsHostname(hostname)) throw unauthorized();
  const { session, hostnameAppId } = await readSessionAndHostname(keys.session(userId, hashSessionKey(sessionKey)), hostname);
  if (!isLiveSession(session, now()) || session.scope === adminScope || session.scope !== hostnameAppId || !session.globalId) {
    throw unauthorized();
  }
  return { userId: session.userId, globalId: session.globalId, appId: session.scope };
}
