import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { nowMs } from '../../lib/clock.js';
import { config } from '../../lib/config.js';
import { errorFields, logger } from '../../lib/logger.js';
import { flushMetrics } from '../../lib/observability/metrics.js';
import { installSendQueue, sendQueue, type SendJob } from '../../lib/webhooks/queue.js';
import { attemptDelivery } from '../../lib/webhooks/sender.js';
import { SqsSendQueue } from '../../lib/webhooks/sqs-queue.js';

/**
 * The sender (docs/webhooks.md): one send job per SQS message. A job not yet due (a wait longer
 * than SQS's 15-minute delay) goes back on the queue for the rest of its wait. A fault of
 * ours (DynamoDB, SQS) reports the message as failed, so SQS delivers it again, and after
 * a few receives parks it in the dead-letter queue (alarmed).
 */
const queueUrl = config().WEBHOOK_QUEUE_URL;
if (!queueUrl) throw new Error('Invalid configuration: WEBHOOK_QUEUE_URL is required by the webhook sender');
installSendQueue(new SqsSendQueue(queueUrl));

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const job = JSON.parse(record.body) as SendJob;
      if (job.dueAt > nowMs() + 1000) await sendQueue().enqueue(job);
      else await attemptDelivery(job);
    } catch (error) {
      logger.error('webhook send job failed', { messageId: record.messageId, ...errorFields(error) });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  flushMetrics();
  return { batchItemFailures: failures };
}
