import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from '../config.js';
import { registerMetricsFlush } from './metrics-flush.js';

/**
 * Business metrics as CloudWatch Embedded Metric Format: one JSON line on stdout
 * per request that counted something, turned into metrics by CloudWatch Logs (no
 * API call, no added latency). Namespace `Signet`, dimensions `service` and
 * `stage`; infra/observability.ts graphs them on the dashboard.
 */
export type CountedEvent =
  | 'Logins'
  | 'FailedLogins'
  | 'Grants'
  | 'Revokes'
  | 'SessionChecks'
  // failed redemptions (lib/licenses/redeem.ts), per app in the log line; alarmed on a surge
  | 'FailedRedeems'
  // webhooks (lib/webhooks/sender.ts): every attempt, the failed ones, endpoints the sender disabled
  | 'WebhookAttempts'
  | 'WebhookFailures'
  | 'WebhookEndpointsDisabled';

export const metricsNamespace = 'Signet';
export const metricsService = 'signet';

const metrics = new Metrics({
  namespace: metricsNamespace,
  serviceName: metricsService,
  defaultDimensions: { stage: process.env.SIGNET_STAGE || 'local' },
});

/** Counts one occurrence; flushed when the request ends (lib/http/handler.ts). */
export function countMetric(name: CountedEvent, count = 1): void {
  metrics.addMetric(name, MetricUnit.Count, count);
}

/**
 * Writes the request's metrics, if any, and clears them (called through
 * lib/observability/metrics-flush.ts, which this module registers with). Silent runs (tests,
 * SIGNET_SILENT_LOGS=true) and METRICS=off (`npm start`'s default) drop them instead.
 */
export function flushMetrics(): void {
  if (!metrics.hasStoredMetrics()) return;
  if (process.env.SIGNET_SILENT_LOGS === 'true' || config().METRICS === 'off') {
    metrics.clearMetrics();
    return;
  }
  metrics.publishStoredMetrics();
}

registerMetricsFlush(flushMetrics);
