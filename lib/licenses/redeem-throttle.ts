import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import { releaseRedeemAttempt, reserveRedeemAttempt } from './repository.js';

/**
 * Failed code redemptions are throttled per (userId, source IP), like logins (API.md §7.1):
 * 10 failures per 15-minute window. An attempt is reserved atomically BEFORE the code is
 * looked at (N parallel guesses check at most 10 codes) and given back when the redemption
 * succeeds; a failure keeps it. The source IP is API Gateway's
 * `requestContext.identity.sourceIp`, never a client header. The counter is a TTL-expired
 * item (keys.redeemThrottle); this interface is what moves onto the shared failure
 * counters of the "trust" work when it lands.
 */
export const redeemFailureLimit = 10;
export const redeemFailureWindowSeconds = 900;

export interface RedeemAttempt {
  /** The redemption succeeded: the attempt does not count. */
  succeeded(): Promise<void>;
}

/** Reserves one attempt for the pair, or throws 429 `rate_limited` with Retry-After. */
export async function reserveRedeemSlot(userId: number, sourceIp: string, at: Date): Promise<RedeemAttempt> {
  const key = keys.redeemThrottle(userId, sourceIp);
  const nowSeconds = Math.floor(at.getTime() / 1000);
  const reserved = await reserveRedeemAttempt(key, redeemFailureLimit, redeemFailureWindowSeconds, nowSeconds);
  if ('throttledUntil' in reserved) {
    throw new SignetError('rateLimited', 'Too many failed redemptions; try again later', {
      headers: { 'Retry-After': String(Math.max(1, reserved.throttledUntil - nowSeconds)) },
    });
  }
  return { succeeded: () => releaseRedeemAttempt(key, reserved.windowEndsAt) };
}
