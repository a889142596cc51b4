import { readUserWithSessions } from '../entities/session.js';
import { claimedUser, usernameClaimKey } from '../entities/user-claims.js';
import type { UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { openSession, type OpenedSession } from '../sessions/open-session.js';
import { verifyPassword } from '../users/password.js';
import { upgradePasswordHashIfWeak } from '../users/password-upgrade.js';
import { batchGet, type ItemsByKey } from '../db/operations.js';
import { prefetchConnection } from '../sessions/member-connection.js';
import { adminScope } from '../sessions/validity.js';
import { hostnameClaimKey, loginScope } from './login-scope.js';
import { givingBackOnOurFault, reserveLoginAttempt } from '../throttle/policies.js';
import { assertMayOpenSession } from './developer-access.js';
import { healLegacyClaim } from './claim-healing.js';

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
 * POST /auth/login with a password, in three DynamoDB waves besides the scrypt
 * (docs/performance.md): the username claim and the hostname claim in one BatchGetItem,
 * in parallel with the two failure reservations of (username, source IP) and of the
 * source IP (lib/throttle/policies.ts: before the password is checked); then the
 * profile with the user's sessions in one Query, alongside the member's connection (its
 * key needs the globalId, which the username claim carries); the session, the replaced
 * sessions, the connection and the reservations given back are one transaction (then a
 * hash under weaker parameters is upgraded). Nothing read is answered before the
 * password is proven. An unknown hostname gives the reservations back (it checked no password);
 * a fault of ours after the reservation gives it back. Unknown user and wrong password
 * are the same `loginFailed` after the same scrypt work.
 */
export async function loginWithPassword(login: PasswordLogin): Promise<LoginOutcome> {
  const [read, reserved] = await Promise.allSettled([
    batchGet([usernameClaimKey(login.username), hostnameClaimKey(login.hostname)]),
    reserveLoginAttempt(login.username, login.sourceIp),
  ]);
  let items: ItemsByKey;
  let scope: string;
  try {
    if (read.status === 'rejected') throw read.reason;
    items = read.value;
    scope = loginScope(login.hostname, items);
  } catch (error) {
    if (reserved.status === 'fulfilled') await reserved.value.giveBack().catch(() => undefined);
    throw error;
  }
  if (reserved.status === 'rejected') throw reserved.reason;
  const attempt = reserved.value;
  const opened = await givingBackOnOurFault(attempt, async () => {
    const claim = claimedUser(items, usernameClaimKey(login.username));
    const member = scope !== adminScope;
    const profile = claim ? readUserWithSessions(claim.userId) : undefined;
    const early = claim?.globalId && member ? prefetchConnection(scope, claim.globalId) : undefined;
    const account = await profile;
    // A claim from before claims carried the globalId: the connection is read while scrypt runs.
    const connection = !account || !member ? undefined : early && claim?.globalId === account.user.globalId ? early : prefetchConnection(scope, account.user.globalId);
    const valid = await verifyPassword(login.password, account?.user.passwordHash);
    if (!valid || !account) {
      countMetric('FailedLogins');
      throw new SignetError('loginFailed');
    }
    assertMayOpenSession(account.user, scope);
    // An old claim learns the globalId beside the session's transaction (same wave), once.
    const healing = claim && !claim.globalId ? healLegacyClaim(usernameClaimKey(login.username), account.user) : undefined;
    const session = await openSession({ account, connection, scope, authMethod: 'password', alsoWrite: attempt.onSuccess });
    await healing;
    return { account, session };
  });
  const { account } = opened;
  await upgradePasswordHashIfWeak(account.user.userId, account.user.passwordHash, login.password);
  countMetric('Logins');
  return { ...opened.session, user: account.user };
}
