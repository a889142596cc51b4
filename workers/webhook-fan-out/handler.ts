import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { config } from '../../lib/config.js';
import { errorFields, logger } from '../../lib/logger.js';
import { flushMetrics } from '../../lib/observability/metrics.js';
import { handleStreamItem } from '../../lib/webhooks/fan-out.js';
import { fanOutItem } from '../../lib/webhooks/stream-item.js';
import { installSendQueue } from '../../lib/webhooks/queue.js';
import { SqsSendQueue } from '../../lib/webhooks/sqs-queue.js';

/**
 * The table stream's consumer (docs/webhooks.md): event and dispatch items become deliveries and
 * send jobs (lib/webhooks/fan-out.ts, the code `npm start` runs from its stream poller).
 * The event source filter already passes only those items; a failure reports that record
 * (partial batch response), so the stream retries from it (bisecting on error).
 */
const queueUrl = config().WEBHOOK_QUEUE_URL;
if (!queueUrl) throw new Error('Invalid configuration: WEBHOOK_QUEUE_URL is required by the webhook fan-out');
installSendQueue(new SqsSendQueue(queueUrl));

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  try {
    for (const record of event.Records) {
      const item = fanOutItem(record as unknown as _Record);
      if (!item) continue;
      try {
        await handleStreamItem(item);
      } catch (error) {
        logger.error('webhook fan-out failed', { sequenceNumber: record.dynamodb?.SequenceNumber, ...errorFields(error) });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  } finally {
    flushMetrics();
  }
}
