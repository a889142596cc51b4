/**
 * The end-of-request flush of business metrics, without importing them: lib/http/handler.ts
 * calls it for every function, and only functions whose use cases count something import
 * lib/observability/metrics.ts (and with it Powertools Metrics, ~10 KB), which registers here.
 */
let flusher: (() => void) | undefined;

export function registerMetricsFlush(flush: () => void): void {
  flusher = flush;
}

/** Writes the request's metrics, if this function counts any. */
export function flushMetrics(): void {
  flusher?.();
}
