import { removeSession, type SessionItem } from '../entities/session.js';
import { SignetError } from '../errors.js';
import { hashSessionKey, isWellFormedSessionKey } from '../sessions/session-key.js';
import { isLiveSession } from '../sessions/validity.js';
import type { SessionCredentials } from './session-credentials.js';

/**
 * DELETE /auth/logout: one DeleteItem returning the old item. Nothing deleted,
 * or only an expired leftover, is the same 401 no_valid_session.
 */
export async function logout(credentials: SessionCredentials | undefined): Promise<SessionItem> {
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw new SignetError('noValidSession');
  const session = await removeSession(credentials.userId, hashSessionKey(credentials.sessionKey));
  if (!isLiveSession(session)) throw new SignetError('noValidSession');
  return session;
}
