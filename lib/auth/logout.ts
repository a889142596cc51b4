import type { SessionItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { remove } from '../db/operations.js';
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
  const { Attributes } = await remove({
    Key: keys.session(credentials.userId, hashSessionKey(credentials.sessionKey)),
    ReturnValues: 'ALL_OLD',
  });
  const session = Attributes as SessionItem | undefined;
  if (!isLiveSession(session)) throw new SignetError('noValidSession');
  return session;
}
