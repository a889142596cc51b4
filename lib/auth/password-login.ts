import { tableName } from '../config.js';
import type { LoginThrottleItem, UserClaimItem, UserItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { openSession, type OpenedSession } from '../sessions/open-session.js';
import { verifyPassword } from '../users/password.js';
import { readUserWithSessions } from '../users/read-user.js';
import { batchGet } from '../db/operations.js';
import { hostnameClaimKey, loginScope } from './login-scope.js';
import { assertNotThrottled, recordLoginFailure, throttleKey } from './login-throttle.js';

export interface PasswordLogin {
  username: string;
  password: string;
  /** The hostname header (lower-case), undefined for an admin login. */
  hostname: string | undefined;
}

export interface LoginOutcome extends OpenedSession {
  user: UserItem;
}

/**
 * POST /auth/login with a password. Reads the throttle counter, the username
 * claim and the hostname claim in one BatchGetItem, then the profile with the
 * user's sessions in one Query; the session, the replaced sessions, the
 * connection and the throttle reset are one transaction. Unknown user and
 * wrong password are the same `loginFailed` after the same scrypt work.
 */
export async function loginWithPassword(login: PasswordLogin): Promise<LoginOutcome> {
  const items = await batchGet([throttleKey(login.username), keys.usernameClaim(login.username), hostnameClaimKey(login.hostname)]);
  const scope = loginScope(login.hostname, items);
  const throttle = items(throttleKey(login.username)) as LoginThrottleItem | undefined;
  assertNotThrottled(throttle);

  const claim = items(keys.usernameClaim(login.username)) as UserClaimItem | undefined;
  const account = claim ? await readUserWithSessions(claim.userId) : undefined;
  const valid = await verifyPassword(login.password, account?.user.passwordHash);
  if (!valid || !account) {
    countMetric('FailedLogins');
    await recordLoginFailure(login.username, throttle);
    throw new SignetError('loginFailed');
  }

  const opened = await openSession({
    account,
    scope,
    authMethod: 'password',
    alsoWrite: throttle ? [{ Delete: { TableName: tableName(), Key: throttleKey(login.username) } }] : [],
  });
  countMetric('Logins');
  return { ...opened, user: account.user };
}
