import { config } from '../config.js';
import type { LoginThrottleItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { isConditionFailure, put, update } from '../db/operations.js';
import { SignetError } from '../errors.js';

/**
 * Failed-login throttling per username (docs/security.md, "Login throttling"):
 * LOGIN_MAX_FAILURES failures within LOGIN_FAILURE_WINDOW_SECONDS of the first
 * one lock the username until that window ends; a successful login deletes the
 * counter. Unknown usernames are counted the same way, so the answer does not
 * reveal whether an account exists.
 */
const nowSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

export function throttleKey(username: string) {
  return keys.loginThrottle(username.trim());
}

/** Throws 429 login_throttled (with Retry-After) while the username is locked. */
export function assertNotThrottled(throttle: LoginThrottleItem | undefined, now = new Date()): void {
  if (!throttle) return;
  const remaining = throttle.windowEndsAt - nowSeconds(now);
  if (remaining > 0 && throttle.failures >= config().LOGIN_MAX_FAILURES) {
    throw new SignetError('loginThrottled', undefined, { headers: { 'Retry-After': String(remaining) } });
  }
}

/**
 * Counts one failure. `current` is the counter read with the login's other
 * items: inside a live window it is incremented atomically, else a new window
 * starts; a concurrent change of the window makes the condition fail and the
 * other branch runs.
 */
export async function recordLoginFailure(username: string, current: LoginThrottleItem | undefined, now = new Date()): Promise<void> {
  const key = throttleKey(username);
  const liveWindow = current !== undefined && current.windowEndsAt > nowSeconds(now);
  const increment = () =>
    update(
      {
        Key: key,
        UpdateExpression: 'ADD failures :one',
        ConditionExpression: 'attribute_exists(pk) AND windowEndsAt > :now',
        ExpressionAttributeValues: { ':one': 1, ':now': nowSeconds(now) },
      },
      'bookkeeping',
    );
  const startWindow = () => {
    const windowEndsAt = nowSeconds(now) + config().LOGIN_FAILURE_WINDOW_SECONDS;
    const item: LoginThrottleItem = { type: 'loginThrottle', failures: 1, windowEndsAt, ttl: windowEndsAt };
    return put(
      {
        Item: { ...key, ...item },
        ConditionExpression: 'attribute_not_exists(pk) OR windowEndsAt <= :now',
        ExpressionAttributeValues: { ':now': nowSeconds(now) },
      },
      'bookkeeping',
    );
  };
  const [first, second] = liveWindow ? [increment, startWindow] : [startWindow, increment];
  try {
    await first();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    await second();
  }
}
