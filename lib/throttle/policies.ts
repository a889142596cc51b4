import { config } from '../config.js';
import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import { releaseFailure, reserveFailure, clearFailures, type FailureWindow } from './repository.js';

/**
 * The throttling policies of API.md §7.1 (docs/security.md, "Throttling"). Failures
 * are counted per source IP, so a stranger's failures never refuse anybody else.
 * The source IP is API Gateway's `requestContext.identity.sourceIp`, never a header.
 */
const appAuthWindow = (): FailureWindow => ({ limit: config().APP_AUTH_FAILURE_LIMIT, windowSeconds: config().APP_AUTH_FAILURE_WINDOW_SECONDS });
const loginWindow = (): FailureWindow => ({ limit: config().LOGIN_FAILURE_LIMIT, windowSeconds: config().LOGIN_FAILURE_WINDOW_SECONDS });
const loginIpWindow = (): FailureWindow => ({ limit: config().LOGIN_IP_FAILURE_LIMIT, windowSeconds: config().LOGIN_IP_FAILURE_WINDOW_SECONDS });

const retryAfter = (seconds: number) => ({ headers: { 'Retry-After': String(seconds) } });

/**
 * Counts one failed Basic authentication of (appId, source IP); called only after
 * the secret failed to verify. Past the limit that pair's failures are 429.
 */
export async function countAppAuthFailure(appId: string, sourceIp: string, now = new Date()): Promise<void> {
  const reservation = await reserveFailure(keys.appAuthFailures(appId, sourceIp), appAuthWindow(), now);
  if (!reservation.granted) {
    throw new SignetError('rateLimited', 'Too many failed authentications from this address; try again later', retryAfter(reservation.retryAfterSeconds));
  }
}

/** A password check reserved by reserveLoginAttempt; `settle` records its outcome. */
export interface LoginAttempt {
  settle(succeeded: boolean): Promise<void>;
}

/**
 * Reserves one failure of (username, source IP) and one of the source IP before the
 * password is checked, so N parallel attempts check at most LOGIN_FAILURE_LIMIT
 * passwords. Either limit reached: 429 login_throttled, the right password included.
 * A success gives the reservations back (and resets the pair's counter).
 */
export async function reserveLoginAttempt(username: string, sourceIp: string, now = new Date()): Promise<LoginAttempt> {
  const pairKey = keys.loginFailures(username.trim(), sourceIp);
  const ipKey = keys.loginFailuresOfIp(sourceIp);
  const ip = await reserveFailure(ipKey, loginIpWindow(), now);
  if (!ip.granted) throw new SignetError('loginThrottled', undefined, retryAfter(ip.retryAfterSeconds));
  const pair = await reserveFailure(pairKey, loginWindow(), now);
  if (!pair.granted) {
    await releaseFailure(ipKey);
    throw new SignetError('loginThrottled', undefined, retryAfter(pair.retryAfterSeconds));
  }
  return {
    settle: async (succeeded) => {
      if (succeeded) await Promise.all([clearFailures(pairKey), releaseFailure(ipKey)]);
    },
  };
}
