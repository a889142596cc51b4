import { now as clockNow } from '../clock.js';
import type { TableKey } from '../db/table-key.js';
import { contended, settled, untilSettled } from '../db/optimistic.js';
import { countFailure, restartFailureWindow } from '../entities/failure-counter.js';

/**
 * Reserving a failure of a counted scope (lib/entities/failure-counter.ts): a fixed
 * window per scope, judged from the counter's own conditional writes.
 */
export interface FailureWindow {
  limit: number;
  windowSeconds: number;
}

export type Reservation = { granted: true } | { granted: false; retryAfterSeconds: number };

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * Counts one failure unless the window's limit is reached: granted when the
 * count was below the limit (and is now one higher), else refused with the
 * seconds until the window ends. One UpdateItem in the common cases (no counter
 * yet, or a live window below the limit); a window that ended but is not yet
 * removed by TTL is restarted by a second, conditional one. A concurrent change
 * makes a condition fail and the attempt is judged again by the optimistic runner
 * (lib/db/optimistic.ts `untilSettled`), until the request's deadline: only a full
 * window refuses (429); running out of time under contention is a 503, never a 429.
 */
export function reserveFailure(key: TableKey, window: FailureWindow, now = clockNow()): Promise<Reservation> {
  const nowSeconds = epochSeconds(now);
  const windowEndsAt = nowSeconds + window.windowSeconds;
  return untilSettled<Reservation>(async () => {
    const counted = await countFailure(key, window.limit, windowEndsAt, nowSeconds);
    if (counted.counted) return settled({ granted: true });
    const ends = counted.windowEndsAt;
    if (ends !== undefined && Number.isFinite(ends) && ends > nowSeconds) {
      // A live window: full, or it changed under us (then judge again).
      if (Number(counted.failures) >= window.limit) return settled({ granted: false, retryAfterSeconds: Math.max(1, ends - nowSeconds) });
      return contended;
    }
    return (await restartFailureWindow(key, windowEndsAt, nowSeconds)) ? settled({ granted: true }) : contended;
  });
}
