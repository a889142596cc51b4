import { now as clockNow } from '../clock.js';
import type { UserItem } from '../entities/user.js';
import { removeAll } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import type { TableKey } from '../db/table-key.js';
import { changeCapped } from './capped.js';
import { endSessions, setPasswordHash } from '../entities/account.js';
import { consumeResetPointer, deleteResetToken, readResetToken, type PasswordResetTokenItem } from '../entities/password-reset.js';
import { SignetError } from '../errors.js';
import { hashPassword } from '../users/password.js';
import { readUserWithSessions, type UserWithSessions } from '../entities/session.js';
import { isErased } from './session-account.js';
import { hashResetToken, isWellFormedResetToken } from './reset-token.js';

export interface PasswordReset {
  token: string;
  password: string;
}

/** Unknown, used, expired and superseded tokens: one error, one body. */
const invalidToken = () => new SignetError('invalidResetToken');

async function readValid(tokenHash: string): Promise<{ token: PasswordResetTokenItem; account: UserWithSessions }> {
  const token = await readResetToken(tokenHash);
  if (!token || token.userId === null || token.expiresAt <= clockNow().toISOString()) throw invalidToken();
  const account = await readUserWithSessions(token.userId);
  if (!account || isErased(account.user)) throw invalidToken();
  return { token, account };
}

/**
 * POST /auth/reset-password. One transaction consumes the token (the user's reset
 * pointer is deleted on condition that it still names this token and has not expired:
 * of two parallel uses exactly one commits; a newer request's pointer names another
 * token), sets the new password hash, and ends every session of the user, every scope.
 */
export async function resetPassword(reset: PasswordReset): Promise<UserItem> {
  if (!isWellFormedResetToken(reset.token)) throw invalidToken();
  const tokenHash = hashResetToken(reset.token);
  // The token is checked before the (expensive) new hash is made; a retry reads again.
  let first: Awaited<ReturnType<typeof readValid>> | undefined = await readValid(tokenHash);
  const passwordHash = await hashPassword(reset.password);
  let leftover: TableKey[] = [];
  const user = await runOptimistic({
    read: async () => {
      const read = first ?? (await readValid(tokenHash));
      first = undefined;
      return read;
    },
    plan: ({ account }) => {
      const userId = account.user.userId;
      const capped = changeCapped(
        [consumeResetPointer(userId, tokenHash, clockNow()), deleteResetToken(tokenHash), setPasswordHash(userId, passwordHash)],
        endSessions(userId, account.sessions, account.scopes),
      );
      leftover = capped.leftover;
      return {
        items: capped.items,
        result: account.user,
        onConditionFailed: (reasons) => {
          if (reasons[0]?.Code === 'ConditionalCheckFailed') throw invalidToken();
          return 'retry';
        },
      };
    },
  });
  await removeAll(leftover);
  return user;
}
