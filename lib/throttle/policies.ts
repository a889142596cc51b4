import { config } from '../config.js';
import { now as clockNow } from '../clock.js';
import { SignetError } from '../errors.js';
import type { TransactItem } from '../db/operations.js';
import {
  appAuthFailuresKey,
  clearFailuresItem,
  failureCounterIn,
  loginFailuresKey,
  loginFailuresOfIpKey,
  redeemFailuresKey,
  redeemFailuresOfIpKey,
  releaseFailure,
  releaseFailureItem,
  sessionCheckFailuresOfIpKey,
} from '../entities/failure-counter.js';
import type { ItemsByKey } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import { reserveFailure, type FailureWindow } from './repository.js';

/**
 * The throttling policies of docs/security.md, Throttling (docs/security.md, "Throttling"). Failures
 * are counted per source IP, so a stranger's failures never refuse anybody else.
 * The source IP is API Gateway's `requestContext.identity.sourceIp`, never a header.
 */
const appAuthWindow = (): FailureWindow => ({ limit: config().APP_AUTH_FAILURE_LIMIT, windowSeconds: config().APP_AUTH_FAILURE_WINDOW_SECONDS });
const loginWindow = (): FailureWindow => ({ limit: config().LOGIN_FAILURE_LIMIT, windowSeconds: config().LOGIN_FAILURE_WINDOW_SECONDS });
const loginIpWindow = (): FailureWindow => ({ limit: config().LOGIN_IP_FAILURE_LIMIT, windowSeconds: config().LOGIN_IP_FAILURE_WINDOW_SECONDS });

/** Failed license-code redemptions (issue 15): fixed by the issue, so codes cannot be guessed. */
const redeemWindow: FailureWindow = { limit: 10, windowSeconds: 900 };
/** Per source IP over all accounts (issue 21): accounts are free, so the per-member limit alone does not stop guessing. */
const redeemIpWindow = (): FailureWindow => ({ limit: config().REDEEM_IP_FAILURE_LIMIT, windowSeconds: config().REDEEM_IP_FAILURE_WINDOW_SECONDS });

const retryAfter = (seconds: number) => ({ headers: { 'Retry-After': String(seconds) } });

/**
 * Counts one failed Basic authentication of (appId, source IP); called only after
 * the secret failed to verify. Past the limit that pair's failures are 429.
 */
export async function countAppAuthFailure(appId: string, sourceIp: string, now = clockNow()): Promise<void> {
  const reservation = await reserveFailure(appAuthFailuresKey(appId, sourceIp), appAuthWindow(), now);
  if (!reservation.granted) {
    throw new SignetError('rateLimited', 'Too many failed authentications from this address; try again later', retryAfter(reservation.retryAfterSeconds));
  }
}

/** A password check reserved by reserveLoginAttempt. */
export interface LoginAttempt {
  /** Written with the session on success: the reservation given back, the pair's counter reset. */
  onSuccess: TransactItem[];
  /** The login failed by a fault of ours (503, 500): both reservations given back, it counts nowhere. */
  giveBack(): Promise<void>;
}

/**
 * Reserves one failure of (username, source IP) and one of the source IP (in parallel)
 * before the password is checked, so N parallel attempts check at most
 * LOGIN_FAILURE_LIMIT passwords. Either limit reached: 429 login_throttled, the right
 * password included. A success gives the reservations back in its own transaction.
 */
export async function reserveLoginAttempt(username: string, sourceIp: string, now = clockNow()): Promise<LoginAttempt> {
  const pairKey = loginFailuresKey(username.trim(), sourceIp);
  const ipKey = loginFailuresOfIpKey(sourceIp);
  const [ip, pair] = await Promise.all([reserveFailure(ipKey, loginIpWindow(), now), reserveFailure(pairKey, loginWindow(), now)]);
  if (!ip.granted || !pair.granted) {
    // Give back what was granted: a refused attempt counts nowhere.
    await Promise.all([ip.granted ? releaseFailure(ipKey) : undefined, pair.granted ? releaseFailure(pairKey) : undefined]);
    const seconds = Math.max(ip.granted ? 0 : ip.retryAfterSeconds, pair.granted ? 0 : pair.retryAfterSeconds);
    throw new SignetError('loginThrottled', undefined, retryAfter(seconds));
  }
  return {
    onSuccess: [clearFailuresItem(pairKey), releaseFailureItem(ipKey, Math.floor(now.getTime() / 1000))],
    giveBack: async () => {
      await Promise.all([releaseFailure(ipKey), releaseFailure(pairKey)]);
    },
  };
}

/** A redemption reserved by reserveRedeemAttempt. */
export interface RedeemAttempt {
  /** Written with the redemption on success: the reservation given back in its transaction. */
  onSuccess: TransactItem[];
  /** The redemption failed by our fault (or the caller was not authenticated): it does not count. */
  giveBack(): Promise<void>;
}

/**
 * Reserves one failure of (userId, source IP) and one of the source IP over all accounts
 * (in parallel, one round trip, itself beside redeem's first read) before the code is
 * looked at, so N parallel guesses check at most 10 codes per member and
 * REDEEM_IP_FAILURE_LIMIT (20) per address an hour; a full window is 429 `rate_limited`
 * with Retry-After, a good code included. A success gives both reservations back inside
 * its own transaction.
 */
export async function reserveRedeemAttempt(userId: number, sourceIp: string, now = clockNow()): Promise<RedeemAttempt> {
  const pairKey = redeemFailuresKey(userId, sourceIp);
  const ipKey = redeemFailuresOfIpKey(sourceIp);
  const [pair, ip] = await Promise.all([reserveFailure(pairKey, redeemWindow, now), reserveFailure(ipKey, redeemIpWindow(), now)]);
  const giveBack = async () => {
    await Promise.all([releaseFailure(pairKey), releaseFailure(ipKey)]);
  };
  if (!pair.granted || !ip.granted) {
    await Promise.all([pair.granted ? releaseFailure(pairKey) : undefined, ip.granted ? releaseFailure(ipKey) : undefined]);
    const seconds = Math.max(pair.granted ? 0 : pair.retryAfterSeconds, ip.granted ? 0 : ip.retryAfterSeconds);
    throw new SignetError('rateLimited', 'Too many failed redemptions; try again later', retryAfter(seconds));
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return { onSuccess: [releaseFailureItem(pairKey, nowSeconds), releaseFailureItem(ipKey, nowSeconds)], giveBack };
}

/**
 * Runs the checked part of an attempt whose failure was reserved beforehand: the caller's
 * failures keep the reservation, a fault of ours (503, 500) gives it back, so our outage
 * never locks anybody out.
 */
export async function givingBackOnOurFault<T>(attempt: { giveBack(): Promise<void> }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const kind = error instanceof SignetError ? error.kind : 'internal';
    if (kind === 'unavailable' || kind === 'internal') await attempt.giveBack().catch(() => undefined);
    throw error;
  }
}

const sessionCheckIpWindow = (): FailureWindow => ({ limit: config().SESSION_CHECK_IP_FAILURE_LIMIT, windowSeconds: config().SESSION_CHECK_IP_FAILURE_WINDOW_SECONDS });

/**
 * Session checks by username (issue 21, enumeration): the source IP's counter of failed
 * checks rides in the check's first BatchGetItem (no extra round trip); past
 * SESSION_CHECK_IP_FAILURE_LIMIT the check is a 429 before the user is read. A failed
 * check (unknown username, or a known one without a live session: the same reads, the
 * same write) counts one; a valid one writes nothing.
 */
export const sessionCheckThrottle = {
  key: (sourceIp: string): TableKey => sessionCheckFailuresOfIpKey(sourceIp),
  refuseIfFull(found: ItemsByKey, sourceIp: string, now = clockNow()): void {
    const counter = failureCounterIn(found, sessionCheckFailuresOfIpKey(sourceIp));
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (counter && counter.windowEndsAt > nowSeconds && counter.failures >= sessionCheckIpWindow().limit) {
      throw new SignetError('rateLimited', 'Too many failed session checks from this address; try again later', retryAfter(counter.windowEndsAt - nowSeconds));
    }
  },
  async countFailure(sourceIp: string, now = clockNow()): Promise<void> {
    await reserveFailure(sessionCheckFailuresOfIpKey(sourceIp), sessionCheckIpWindow(), now);
  },
};
