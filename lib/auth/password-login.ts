import { readUserWithSessions } from '../entities/session.js';
import { claimedUserId, usernameClaimKey } from '../entities/user-claims.js';
import type { UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { openSession, type OpenedSession } from '../sessions/open-session.js';
import { verifyPassword } from '../users/password.js';
import { upgradePasswordHashIfWeak } from '../users/password-upgrade.js';
import { batchGet } from '../db/operations.js';
import { hostnameClaimKey, loginScope } from './login-scope.js';
import { givingBackOnOurFault, reserveLoginAttempt } from '../throttle/policies.js';
import { assertMayOpenSession } from './developer-access.js';

export interface PasswordLogin {
  username: string;
  password: string;
  /** The hostname header (lower-case), undefined for an admin login. */
  hostname: string | undefined;
  /** The client's address (API Gateway's sourceIp): failures are counted per (username, source IP). */
  sourceIp: string;
}

export interface LoginOutcome extends OpenedSession {
  user: UserItem;
}

/**
 * POST /auth/login with a password. Reads the username claim and the hostname
 * claim in one BatchGetItem; reserves a failure of (username, source IP) and of
 * the source IP before the password is checked (lib/throttle/policies.ts), then
 * reads the profile with the user's sessions in one Query; the session, the
 * replaced sessions, the connection and the reservation given back are one
 * transaction (then a hash under weaker parameters is upgraded); a fault of ours
 * after the reservation gives it back. Unknown user and wrong password are the
 * same `loginFailed` after the same scrypt work.
 */
export async function loginWithPassword(login: PasswordLogin): Promise<LoginOutcome> {
  const items = await batchGet([usernameClaimKey(login.username), hostnameClaimKey(login.hostname)]);
  const scope = loginScope(login.hostname, items);
  const attempt = await reserveLoginAttempt(login.username, login.sourceIp);
  const opened = await givingBackOnOurFault(attempt, async () => {
    const userId = claimedUserId(items, usernameClaimKey(login.username));
    const account = userId !== undefined ? await readUserWithSessions(userId) : undefined;
    const valid = await verifyPassword(login.password, account?.user.passwordHash);
    if (!valid || !account) {
      countMetric('FailedLogins');
      throw new SignetError('loginFailed');
    }
    assertMayOpenSession(account.user, scope);
    return { account, session: await openSession({ account, scope, authMethod: 'password', alsoWrite: attempt.onSuccess }) };
  });
  const { account } = opened;
  await upgradePasswordHashIfWeak(account.user.userId, account.user.passwordHash, login.password);
  countMetric('Logins');
  return { ...opened.session, user: account.user };
}

