import { now } from '../clock.js';
import { config } from '../config.js';
import { transact } from '../db/operations.js';
import { readDelivery, recordDeliveryAttempt, type DeliveryAttempt, type DeliveryState, type WebhookDeliveryItem } from '../entities/webhook-delivery.js';
import { readWebhookEndpoint, updateWebhookEndpointWrite, type WebhookEndpointItem } from '../entities/webhook-endpoint.js';
import { logger } from '../logger.js';
import { countMetric } from '../observability/metrics.js';
import { postWebhook, type PostResult } from './http-post.js';
import { failingDisablesAfterMs, maxAttempts, retryDelay } from './retry-schedule.js';
import { sendQueue, type SendJob } from './queue.js';
import { signingSecrets } from './secrets.js';
import { signatureHeader } from './signing.js';
import { checkWebhookTarget, UnsafeWebhookUrl } from './ssrf.js';

/**
 * One attempt of one delivery (docs/webhooks.md): checks the job still stands, checks the URL
 * again (SSRF) and connects to the checked address, signs at send time with every
 * signing secret, records the attempt, and schedules the next one or settles the
 * delivery. A 410 disables the endpoint at once; 5 days of failures disable it too.
 *
 * `webhook-timestamp` is the wall clock, not the business clock (lib/clock.ts): it is
 * what the receiver compares with its own clock to refuse replays.
 */

export type AttemptOutcome = 'stale' | Exclude<DeliveryState, 'pending'>;

const is2xx = (status: number | null) => status !== null && status >= 200 && status < 300;

async function send(endpoint: WebhookEndpointItem, delivery: WebhookDeliveryItem, allowLoopback: boolean): Promise<PostResult> {
  let target;
  try {
    target = await checkWebhookTarget(endpoint.url, allowLoopback);
  } catch (error) {
    if (error instanceof UnsafeWebhookUrl) return { statusCode: null, latencyMs: 0, error: 'forbidden_address', responseBody: error.message };
    throw error;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'webhook-id': delivery.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(await signingSecrets(endpoint, now()), delivery.eventId, timestamp, delivery.body),
  };
  return postWebhook(target, headers, delivery.body);
}

/** The endpoint's bookkeeping after an attempt: failingSince, and disabling (410, or 5 days of failure). */
async function updateEndpointAfter(endpoint: WebhookEndpointItem, result: PostResult, at: Date): Promise<void> {
  const atIso = at.toISOString();
  let changes: Parameters<typeof updateWebhookEndpointWrite>[1] | undefined;
  if (is2xx(result.statusCode)) {
    if (endpoint.failingSince !== null) changes = { failingSince: null };
  } else if (result.statusCode === 410) {
    changes = { enabled: false, disabledReason: `The endpoint answered 410 Gone at ${atIso}`, failingSince: null, updatedAt: atIso };
  } else if (endpoint.failingSince === null) {
    changes = { failingSince: atIso };
  } else if (at.getTime() - Date.parse(endpoint.failingSince) >= failingDisablesAfterMs) {
    changes = { enabled: false, disabledReason: `Every delivery failed for 5 days (since ${endpoint.failingSince})`, failingSince: null, updatedAt: atIso };
  }
  if (!changes) return;
  // A concurrent edit wins; the next attempt looks again.
  const outcome = await transact([updateWebhookEndpointWrite(endpoint, changes)]);
  if (outcome.kind === 'committed' && changes.enabled === false) countMetric('WebhookEndpointsDisabled');
  if (outcome.kind !== 'committed') logger.info('webhook endpoint changed during an attempt; bookkeeping skipped', { endpointId: endpoint.endpointId });
}

export async function attemptDelivery(job: SendJob): Promise<AttemptOutcome> {
  const [delivery, endpoint] = await Promise.all([readDelivery(job.endpointId, job.eventId), readWebhookEndpoint(job.appId, job.endpointId)]);
  if (!delivery || delivery.run !== job.run || delivery.attemptsInRun !== job.attempt - 1 || delivery.state === 'succeeded') return 'stale';
  const at = now();
  const isTest = delivery.eventType === 'signet.test';
  let result: PostResult;
  if (!endpoint) result = { statusCode: null, latencyMs: 0, error: 'endpoint_deleted', responseBody: null };
  else if (!endpoint.enabled && !isTest) result = { statusCode: null, latencyMs: 0, error: 'endpoint_disabled', responseBody: null };
  else result = await send(endpoint, delivery, config().WEBHOOK_ALLOW_LOOPBACK === 'true');

  const succeeded = is2xx(result.statusCode);
  countMetric('WebhookAttempts');
  if (!succeeded) countMetric('WebhookFailures');
  const final = succeeded || result.statusCode === 410 || result.error === 'endpoint_deleted' || result.error === 'endpoint_disabled';
  const delay = final ? undefined : retryDelay(job.attempt);
  const state: Exclude<DeliveryState, 'pending'> = succeeded ? 'succeeded' : delay === undefined ? 'failed' : 'retrying';
  const next = delay === undefined ? undefined : { ...job, attempt: job.attempt + 1, dueAt: at.getTime() + delay };
  // The next job first: if recording fails, this job is retried and the next one is stale.
  if (next) await sendQueue().enqueue(next);
  const attempt: DeliveryAttempt = { at: at.toISOString(), ...result };
  const recorded = await recordDeliveryAttempt({
    endpointId: job.endpointId,
    eventId: job.eventId,
    run: job.run,
    attempt: job.attempt,
    result: attempt,
    state,
    nextAttemptAt: next ? new Date(next.dueAt).toISOString() : null,
    kept: delivery.attempts ?? [],
    at,
  });
  if (!recorded) return 'stale';
  if (endpoint && !isTest && result.error !== 'endpoint_disabled') await updateEndpointAfter(endpoint, result, at);
  logger.info('webhook attempt', { endpointId: job.endpointId, eventId: job.eventId, attempt: job.attempt, statusCode: result.statusCode, error: result.error, state });
  return state;
}

export { maxAttempts };
