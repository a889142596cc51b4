import type { SessionItem, UserItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { queryAll, queryOf } from '../db/query.js';

export interface UserWithSessions {
  user: UserItem;
  /** Every stored session of the user, live or expired-not-yet-deleted, with its key. */
  sessions: Array<SessionItem & TableKey>;
}

/** The profile and all sessions of a user in one strongly consistent Query (login needs both). */
export async function readUserWithSessions(userId: number): Promise<UserWithSessions | undefined> {
  const items = await queryAll<UserItem | (SessionItem & TableKey)>(queryOf(keys.profileAndSessionsOfUser(userId), { consistent: true }));
  const user = items.find((item): item is UserItem => item.type === 'user');
  const sessions = items.filter((item): item is SessionItem & TableKey => item.type === 'session');
  return user ? { user, sessions } : undefined;
}
