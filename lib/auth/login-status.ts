import { claimedAppId } from '../entities/hostname-claim.js';
import { sessionIn, sessionItemKey, type SessionItem } from '../entities/session.js';
import { claimedUserId, usernameClaimKey } from '../entities/user-claims.js';
import { userIn, userKey, type UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { hashSessionKey, isWellFormedSessionKey, noSuchUserId, parseUserId } from '../sessions/session-key.js';
import { sessionCheckThrottle } from '../throttle/policies.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { batchGet, startReadAhead, type ItemsByKey } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import type { HttpRequest } from '../http/request.js';
import { hostnameClaimKey, hostnameOf } from './login-scope.js';
import { emptyAsAbsent, trimmed } from './params.js';
import { loginStatusInput } from './login-status-params.js';
import { now } from '../clock.js';
import { splitByExpiry } from '../status-sync/plan.js';
import { readConnection } from '../status-sync/repository.js';

export interface LoginStatusQuery {
  /** The client address: failed checks by username are counted per source IP (issue 21). */
  sourceIp: string;
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

export const memberSessionNeedsHostname =
  "this member session needs its application's hostname header: send X-Spaaza-MyPrice-App-Hostname with the hostname it logged in with";

const noValidSession = () => new SignetError('noValidSession');

/**
 * POST /auth/get-login-status. With `user_id`: ONE BatchGetItem (user,
 * session, hostname claim). With only `username`: the username claim (with
 * the hostname claim and the source IP's failure counter) first, then user +
 * session: two, known username or not; a failure counts one (issue 21). Every invalid case
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
    items = await batchGet(byUserIdKeys(userId, keyHash, hostKey));
  } else {
    // By username: the IP's failure counter rides in the first read; an unknown username
    // reads a user that cannot exist, so known and unknown usernames cost the same reads.
    const first = await batchGet(byUsernameFirstKeys(query.username ?? '', hostKey, query.sourceIp));
    sessionCheckThrottle.refuseIfFull(first, query.sourceIp);
    userId = claimedUserId(first, usernameClaimKey(query.username ?? '')) ?? noSuchUserId;
    const second = await batchGet([userKey(userId), sessionItemKey(userId, keyHash)]);
    items = (key) => second(key) ?? first(key);
  }

  const user = userIn(items, userId);
  const session = sessionIn(items, userId, keyHash);
  const matches = user !== undefined && isLiveSession(session) && (query.username === undefined || user.username?.toLowerCase() === query.username.toLowerCase());
  if (!matches) {
    if (query.userId === undefined) await sessionCheckThrottle.countFailure(query.sourceIp);
    throw noValidSession();
  }

  if (session.scope !== adminScope) {
    if (query.hostname === undefined) throw new SignetError('noMyPriceApp', memberSessionNeedsHostname);
    if (claimedAppId(items, hostKey) !== session.scope) throw noValidSession();
  }
  return { user, session };
}

/** By user_id, the one read: the user, the session and the hostname claim. */
const byUserIdKeys = (userId: number, keyHash: string, hostKey: TableKey | undefined) => [userKey(userId), sessionItemKey(userId, keyHash), hostKey];

/** By username, the first read: the username claim, the hostname claim and the source IP's failure counter. */
const byUsernameFirstKeys = (username: string, hostKey: TableKey | undefined, sourceIp: string) => [usernameClaimKey(username), hostKey, sessionCheckThrottle.key(sourceIp)];

/**
 * get-login-status's first read, started by the handler factory before validation
 * (lib/http/handler.ts `readAhead`): the keys getLoginStatus will ask for first, from the
 * parameters as the route's schema reads them (lib/auth/login-status-params.ts, with its
 * own preprocessors: user_id over username, trimmed, empty as absent). Anything it does
 * not plan the same way simply reads again; a session key that is not well formed plans
 * no read, as none is made.
 */
export function startLoginStatusReadAhead(request: HttpRequest): boolean {
  const input = loginStatusInput(request);
  const sessionKey = trimmed(input.session_key);
  if (typeof sessionKey !== 'string' || !isWellFormedSessionKey(sessionKey)) return false;
  let hostKey: TableKey | undefined;
  try {
    hostKey = hostnameClaimKey(hostnameOf(request));
  } catch {
    return false; // two hostname headers naming different apps: the route answers 400
  }
  const rawUserId = emptyAsAbsent(input.user_id);
  if (rawUserId !== undefined) {
    const userId = typeof rawUserId === 'string' || typeof rawUserId === 'number' ? parseUserId(String(rawUserId)) : undefined;
    if (userId === undefined) return false;
    startReadAhead(byUserIdKeys(userId, hashSessionKey(sessionKey), hostKey));
    return true;
  }
  const username = trimmed(input.username);
  if (typeof username !== 'string' || username === '') return false;
  startReadAhead(byUsernameFirstKeys(username, hostKey, request.sourceIp));
  return true;
}

/** `signet_status` of get-login-status: the user's current status in the session's app, or null. */
export interface SignetStatus {
  status: string;
  expiresAt: string | null;
}

/**
 * The status a member session's user currently has in its application, asked for with
 * `X-Signet-Include-Status: true`: ONE more GetItem (the connection item carries its
 * synced statuses). An admin session has no application: null, with no read.
 */
export async function currentStatusOf(login: LiveLogin): Promise<SignetStatus | null> {
  if (login.session.scope === adminScope || !login.user.globalId) return null;
  const connection = await readConnection(login.session.scope, login.user.globalId);
  if (!connection || connection.isActive !== true) return null;
  const active = splitByExpiry(connection, now()).active[0];
  return active ? { status: active.status, expiresAt: active.expiresAt ?? null } : null;
}
