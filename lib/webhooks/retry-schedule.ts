/**
 * When a failed delivery is tried again (docs/webhooks.md): after attempt n fails, the wait is
 * retryDelaysMs[n-1] ±20% (jitter spreads a recovering receiver's load). Ten attempts over
 * about 3 days; after the last, the delivery is failed (recover or replay re-sends it).
 */
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

export const retryDelaysMs = [5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 14 * hour, 20 * hour, 24 * hour] as const;
export const maxAttempts = retryDelaysMs.length + 1;
export const jitterFraction = 0.2;
/** An endpoint whose attempts have failed for this long (no success in between) is disabled. */
export const failingDisablesAfterMs = 5 * 24 * hour;

/** The wait after failed attempt `attempt` (1-based), or undefined when it was the last. */
export function retryDelay(attempt: number, random: () => number = Math.random): number | undefined {
  const base = retryDelaysMs[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 - jitterFraction + 2 * jitterFraction * random()));
}
