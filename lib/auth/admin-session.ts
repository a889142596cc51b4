import { getSession } from '../entities/session.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { hashSessionKey, isWellFormedSessionKey } from '../sessions/session-key.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { sessionCredentialsOf } from './session-credentials.js';

export interface AdminIdentity {
  userId: number;
  globalId: string;
}

/**
 * Authenticates a developer-portal request by its admin session (API.md §4):
 * the X-Spaaza-Session-User-Id (or -Username) + X-Spaaza-Session-Key headers, or
 * the `signet_session` cookie. Throws `unauthorized` (one body for every cause).
 * One DynamoDB round trip (two by username): the session item carries the user's globalId.
 */
export async function authenticateAdmin(request: HttpRequest): Promise<AdminIdentity> {
  const credentials = await sessionCredentialsOf(request);
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw new SignetError('unauthorized');
  const session = await getSession(credentials.userId, hashSessionKey(credentials.sessionKey));
  if (!isLiveSession(session) || session.scope !== adminScope || !session.globalId) throw new SignetError('unauthorized');
  return { userId: session.userId, globalId: session.globalId };
}
