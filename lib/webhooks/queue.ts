import { nowMs } from '../clock.js';

/**
 * A send job: one attempt of one delivery, due at `dueAt` (business-clock ms). Deployed,
 * jobs ride on SQS (lib/webhooks/sqs-queue.ts, delays up to 15 min, chained beyond);
 * under `npm start` and in tests, on the in-process LocalSendQueue below, driven by the
 * injected clock and explicit ticks, so no test waits.
 */
export interface SendJob {
  appId: string;
  endpointId: string;
  eventId: string;
  run: number;
  attempt: number;
  dueAt: number;
}

export interface SendQueue {
  enqueue(job: SendJob): Promise<void>;
}

let installed: SendQueue | undefined;

/** The process's queue: the local one or SQS, chosen by whoever starts the runtime. */
export function sendQueue(): SendQueue {
  if (!installed) throw new Error('No webhook send queue installed (lib/webhooks/queue.ts)');
  return installed;
}

export function installSendQueue(queue: SendQueue): void {
  installed = queue;
}

export class LocalSendQueue implements SendQueue {
  private jobs: SendJob[] = [];

  async enqueue(job: SendJob): Promise<void> {
    this.jobs.push(job);
  }

  /** Removes and returns the jobs due now (clock time), oldest first. */
  takeDue(): SendJob[] {
    const now = nowMs();
    const due = this.jobs.filter((job) => job.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    this.jobs = this.jobs.filter((job) => job.dueAt > now);
    return due;
  }

  /** Jobs still waiting (tests, the banner). */
  get waiting(): readonly SendJob[] {
    return this.jobs;
  }
}
