import { readUser, type UserItem } from '../entities/user.js';
import { runOptimistic } from '../db/optimistic.js';
import { changeProfile, type ProfileChange } from '../entities/account.js';
import { SignetError } from '../errors.js';
import type { SessionCredentials } from '../auth/session-credentials.js';
import { sessionAccount, type SessionAccount } from './session-account.js';

/**
 * PUT /auth/alter-user: the session's own profile, only the fields sent (an empty one
 * clears it). Answers with the user as it now is (read back, strongly consistent).
 * Connections' copies of the name follow at the user's next login to each app.
 */
export async function alterUser(credentials: SessionCredentials | undefined, change: ProfileChange): Promise<{ user: UserItem; session: SessionAccount['session'] }> {
  const { account, session } = await sessionAccount(credentials);
  const userId = account.user.userId;
  const write = changeProfile(userId, change);
  if (write) {
    await runOptimistic({
      read: async () => undefined,
      plan: () => ({
        items: [write],
        result: undefined,
        onConditionFailed: () => {
          throw new SignetError('noValidSession');
        },
      }),
    });
  }
  const user = write ? await readUser(userId) : account.user;
  if (!user) throw new SignetError('noValidSession');
  return { user, session };
}
