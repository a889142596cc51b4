import type { TableKey } from '../db/table-key.js';
import { readUserWithSessions, sessionItemKey, type SessionItem, type UserWithSessions } from '../entities/session.js';
import type { UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import type { SessionCredentials } from '../auth/session-credentials.js';
import { hashSessionKey, isWellFormedSessionKey } from '../sessions/session-key.js';
import { isLiveSession } from '../sessions/validity.js';

export interface SessionAccount {
  account: UserWithSessions;
  /** The session the request presented, with its key. */
  session: SessionItem & TableKey;
}

/** A user marked erased by account deletion (lib/entities/account.ts eraseUser). */
export const isErased = (user: UserItem) => user.deletedAt !== undefined;

/**
 * The account behind the session headers (any scope, like logout), read with all its
 * sessions in one Query: the lifecycle routes change them. Anything else is 401 code 6.
 */
export async function sessionAccount(credentials: SessionCredentials | undefined): Promise<SessionAccount> {
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw new SignetError('noValidSession');
  const account = await readUserWithSessions(credentials.userId);
  const sk = sessionItemKey(credentials.userId, hashSessionKey(credentials.sessionKey)).sk;
  const session = account?.sessions.find((item) => item.sk === sk);
  if (!account || isErased(account.user) || !session || !isLiveSession(session)) throw new SignetError('noValidSession');
  return { account, session };
}
