/**
 * The one clock of business time (timestamps, expiries, TTLs, throttling windows).
 * Use cases read `now()` instead of `new Date()`, so tests move time by swapping the
 * clock in-process (the local HTTP server runs in the jest process) instead of
 * sleeping. Deadlines are NOT business time: they follow the real monotonic clock
 * (lib/request-context.ts), so a test that jumps the clock a day ahead does not time
 * its own request out.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

export function now(): Date {
  return current.now();
}

export function nowMs(): number {
  return current.now().getTime();
}

/** Tests only: replace the clock; returns a function that restores the previous one. */
export function useClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

/** A clock that stands still until moved: `advance(ms)` (tests). */
/** A clock the test moves by hand. */
export type ManualClock = Clock & { advance(ms: number): void; set(at: Date): void };

export function manualClock(start: Date = new Date()): ManualClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
    set: (date: Date) => {
      at = date.getTime();
    },
  };
}
