import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { nowMs } from '../clock.js';
import type { SendJob, SendQueue } from './queue.js';

/** SQS's longest message delay: longer waits are chained (the sender re-queues a job not yet due). */
export const maxSqsDelaySeconds = 900;

export function sqsDelaySeconds(job: SendJob, now: number): number {
  return Math.min(maxSqsDelaySeconds, Math.max(0, Math.ceil((job.dueAt - now) / 1000)));
}

export class SqsSendQueue implements SendQueue {
  private readonly client = new SQSClient({});

  constructor(private readonly queueUrl: string) {}

  async enqueue(job: SendJob): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job), DelaySeconds: sqsDelaySeconds(job, nowMs()) }));
  }
}
