import { config } from '../config.js';

/**
 * Throttles Basic-auth failures per client id, in this container only (Lambda containers
 * do not share memory; the limit is per container, which bounds the secret reads an
 * attacker can cause per container and signals abuse without a table write per failure).
 * Only `invalid_client` failures count; successes never do, so a valid client is not
 * throttled by its own traffic. A fixed window of APP_AUTH_FAILURE_WINDOW_SECONDS
 * allows APP_AUTH_FAILURE_LIMIT failures.
 */
interface FailureWindow {
  count: number;
  startMs: number;
}

const maxTrackedClients = 10_000;
const failures = new Map<string, FailureWindow>();

function windowMs(): number {
  return config().APP_AUTH_FAILURE_WINDOW_SECONDS * 1000;
}

function liveWindow(clientId: string, nowMs: number): FailureWindow | undefined {
  const window = failures.get(clientId);
  if (window && nowMs - window.startMs >= windowMs()) {
    failures.delete(clientId);
    return undefined;
  }
  return window;
}

/** Seconds until the client may try again, or undefined when it is not throttled. */
export function throttledForSeconds(clientId: string, nowMs = Date.now()): number | undefined {
  const window = liveWindow(clientId, nowMs);
  if (!window || window.count < config().APP_AUTH_FAILURE_LIMIT) return undefined;
  return Math.max(1, Math.ceil((window.startMs + windowMs() - nowMs) / 1000));
}

export function recordAuthFailure(clientId: string, nowMs = Date.now()): void {
  const window = liveWindow(clientId, nowMs);
  if (window) {
    window.count += 1;
    return;
  }
  if (failures.size >= maxTrackedClients) {
    const oldest = failures.keys().next().value;
    if (oldest !== undefined) failures.delete(oldest);
  }
  failures.set(clientId, { count: 1, startMs: nowMs });
}

export function clearAuthFailures(): void {
  failures.clear();
}
