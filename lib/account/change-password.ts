import { removeAll, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import type { TableKey } from '../db/table-key.js';
import { endSessions, setPasswordHash } from '../entities/account.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import type { SessionCredentials } from '../auth/session-credentials.js';
import { givingBackOnOurFault, reserveLoginAttempt } from '../throttle/policies.js';
import { hashPassword, verifyPassword } from '../users/password.js';
import { readUserWithSessions } from '../entities/session.js';
import { changeCapped } from './capped.js';
import { sessionAccount } from './session-account.js';

export interface PasswordChange {
  credentials: SessionCredentials | undefined;
  currentPassword: string;
  newPassword: string;
  sourceIp: string;
}

/**
 * The current password of a signed-in user, checked as a login checks it: one failure
 * of (username, source IP) and of the source IP is reserved first (docs/security.md, throttling), so a
 * stolen session cannot be used to guess the password. Wrong: 403 wrong_password, and
 * the failure counts; past the limit 429 login_throttled. `andWrite` runs on success
 * with the writes that give the reservation back.
 */
export async function confirmingPassword<T>(
  user: { userId: number; username: string | null; passwordHash: string | null },
  password: string,
  sourceIp: string,
  andWrite: (giveBack: TransactItem[]) => Promise<T>,
): Promise<T> {
  const attempt = await reserveLoginAttempt(user.username ?? `#${user.userId}`, sourceIp);
  return givingBackOnOurFault(attempt, async () => {
    if (!(await verifyPassword(password, user.passwordHash))) {
      countMetric('FailedLogins');
      throw new SignetError('wrongPassword');
    }
    return andWrite(attempt.onSuccess);
  });
}

/** POST /auth/change-password: the new hash, and every session of the user but this one ends. */
export async function changePassword(change: PasswordChange): Promise<void> {
  const { account, session } = await sessionAccount(change.credentials);
  const userId = account.user.userId;
  await confirmingPassword(account.user, change.currentPassword, change.sourceIp, async (giveBack) => {
    const passwordHash = await hashPassword(change.newPassword);
    let first: typeof account | undefined = account;
    let leftover: TableKey[] = [];
    await runOptimistic({
      read: async () => {
        const read = first ?? (await readUserWithSessions(userId));
        first = undefined;
        if (!read) throw new SignetError('noValidSession');
        return read;
      },
      plan: (read) => {
        const capped = changeCapped([setPasswordHash(userId, passwordHash), ...giveBack], endSessions(userId, read.sessions, read.scopes, session.sk));
        leftover = capped.leftover;
        return { items: capped.items, result: undefined };
      },
    });
    await removeAll(leftover);
  });
}
