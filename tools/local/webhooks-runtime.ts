import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../lib/db/table-definition.js';
import { localEndpointCredentials } from '../../lib/db/client.js';
import { sweepExpiries } from '../../lib/events/expiry-sweep.js';
import { errorFields, logger } from '../../lib/logger.js';
import { handleStreamItem } from '../../lib/webhooks/fan-out.js';
import { fanOutItem } from '../../lib/webhooks/stream-item.js';
import { installSendQueue, LocalSendQueue } from '../../lib/webhooks/queue.js';
import { attemptDelivery } from '../../lib/webhooks/sender.js';

/**
 * Webhooks under `npm start` and in tests (docs/webhooks.md): the same fan-out, sender and expiry
 * sweep as deployed, driven by reading DynamoDB Local's stream (ListStreams,
 * DescribeStream, GetShardIterator, GetRecords) instead of a Lambda trigger, with an
 * in-process send queue on the injected clock. `tick()` does one round of everything;
 * `npm start` ticks every second, tests call it themselves (no sleeps).
 */

export interface LocalWebhooks {
  /** Gives the table its stream if it has none (before the first write that should be delivered). */
  prepare(): Promise<void>;
  /** Reads new stream records, fans them out, runs due send jobs, sweeps expiries. */
  tick(): Promise<void>;
  /** One stream poll only. */
  pollStream(): Promise<number>;
  /** The due send jobs only (each attempt that is due now, on the injected clock). */
  runDueSends(): Promise<number>;
  queue: LocalSendQueue;
  start(intervalMs?: number): void;
  stop(): void;
}

async function enableStream(options: { endpoint: string; tableName: string; region?: string }): Promise<void> {
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials: localEndpointCredentials() });
  try {
    await dynamo.send(new UpdateTableCommand({ TableName: options.tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType } }));
  } finally {
    dynamo.destroy();
  }
}

export function createLocalWebhooks(options: { endpoint: string; tableName: string; region?: string }): LocalWebhooks {
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials: localEndpointCredentials() });
  const queue = new LocalSendQueue();
  installSendQueue(queue);
  const iterators = new Map<string, string | null>();
  let streamArn: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function shardIterators(): Promise<void> {
    if (!streamArn) {
      const listed = await client.send(new ListStreamsCommand({ TableName: options.tableName }));
      streamArn = listed.Streams?.[0]?.StreamArn;
      if (!streamArn) return;
    }
    const described = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      iterators.set(shard.ShardId, ShardIterator ?? null);
    }
  }

  async function pollStream(): Promise<number> {
    await shardIterators();
    let handled = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let next: string | undefined = iterator;
      // Drain the shard up to its current end.
      for (let page = 0; next && page < 100; page += 1) {
        const output: GetRecordsCommandOutput = await client.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1000 }));
        for (const record of output.Records ?? []) {
          const item = fanOutItem(record);
          if (!item) continue;
          await handleStreamItem(item);
          handled += 1;
        }
        next = output.NextShardIterator;
        if ((output.Records ?? []).length === 0) break;
      }
      iterators.set(shardId, next ?? null);
    }
    return handled;
  }

  async function runDueSends(): Promise<number> {
    const due = queue.takeDue();
    for (const job of due) await attemptDelivery(job);
    return due.length;
  }

  async function tick(): Promise<void> {
    await pollStream();
    await runDueSends();
    await sweepExpiries();
    // Events the sweep wrote, and their first attempts, in the same round.
    await pollStream();
    await runDueSends();
  }

  async function prepare(): Promise<void> {
    const listed = await client.send(new ListStreamsCommand({ TableName: options.tableName }));
    if (!listed.Streams?.[0]?.StreamArn) await enableStream(options);
  }

  return {
    prepare,
    tick,
    pollStream,
    runDueSends,
    queue,
    start(intervalMs = 1000) {
      timer = setInterval(() => {
        if (running) return;
        running = tick()
          .catch((error: unknown) => logger.error('local webhooks: tick failed', errorFields(error)))
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      client.destroy();
    },
  };
}
