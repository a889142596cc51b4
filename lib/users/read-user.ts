import type { SessionItem, SessionScopeItem, UserItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { queryAll, queryOf } from '../db/query.js';

export interface UserWithSessions {
  user: UserItem;
  /** Every stored session of the user, live or expired-not-yet-deleted, with its key. */
  sessions: Array<SessionItem & TableKey>;
  /** The pointer of each scope to its one live session (keys.sessionScope). */
  scopes: SessionScopeItem[];
}

/** The profile, all sessions and scope pointers of a user in one strongly consistent Query (login needs them). */
export async function readUserWithSessions(userId: number): Promise<UserWithSessions | undefined> {
  const items = await queryAll<UserItem | (SessionItem & TableKey) | SessionScopeItem>(queryOf(keys.profileAndSessionsOfUser(userId), { consistent: true }));
  const user = items.find((item): item is UserItem => item.type === 'user');
  const sessions = items.filter((item): item is SessionItem & TableKey => item.type === 'session');
  const scopes = items.filter((item): item is SessionScopeItem => item.type === 'sessionScope');
  return user ? { user, sessions, scopes } : undefined;
}
