import { claimedAppId } from '../entities/hostname-claim.js';
import { sessionIn, sessionItemKey, type SessionItem } from '../entities/session.js';
import { claimedUserId, usernameClaimKey } from '../entities/user-claims.js';
import { userIn, userKey, type UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { hashSessionKey, isWellFormedSessionKey } from '../sessions/session-key.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { batchGet, type ItemsByKey } from '../db/operations.js';
import { hostnameClaimKey } from './login-scope.js';

export interface LoginStatusQuery {
  userId: number | undefined;
  username: string | undefined;
  sessionKey: string;
  /** The hostname header (lower-case), undefined when absent. */
  hostname: string | undefined;
}

export interface LiveLogin {
  user: UserItem;
  session: SessionItem;
}

const noValidSession = () => new SignetError('noValidSession');

/**
 * POST /auth/get-login-status. With `user_id`: ONE BatchGetItem (user,
 * session, hostname claim). With only `username`: the username claim (with
 * the hostname claim) first, then user + session: two. Every invalid case
 * (no session, wrong key, expired, logged out, wrong or unknown hostname,
 * username not matching) is the same 401 no_valid_session; a valid member
 * session without the hostname header is 400 no_myprice_app.
 */
export async function getLoginStatus(query: LoginStatusQuery): Promise<LiveLogin> {
  countMetric('SessionChecks');
  if (!isWellFormedSessionKey(query.sessionKey)) throw noValidSession();
  const keyHash = hashSessionKey(query.sessionKey);
  const hostKey = hostnameClaimKey(query.hostname);

  let userId = query.userId;
  let items: ItemsByKey;
  if (userId !== undefined) {
    items = await batchGet([userKey(userId), sessionItemKey(userId, keyHash), hostKey]);
  } else {
    const first = await batchGet([usernameClaimKey(query.username ?? ''), hostKey]);
    const claimed = claimedUserId(first, usernameClaimKey(query.username ?? ''));
    if (claimed === undefined) throw noValidSession();
    userId = claimed;
    const second = await batchGet([userKey(userId), sessionItemKey(userId, keyHash)]);
    items = (key) => second(key) ?? first(key);
  }

  const user = userIn(items, userId);
  const session = sessionIn(items, userId, keyHash);
  if (!user || !isLiveSession(session)) throw noValidSession();
  if (query.username !== undefined && user.username?.toLowerCase() !== query.username.toLowerCase()) throw noValidSession();

  if (session.scope !== adminScope) {
    if (query.hostname === undefined) throw new SignetError('noMyPriceApp');
    if (claimedAppId(items, hostKey) !== session.scope) throw noValidSession();
  }
  return { user, session };
}
