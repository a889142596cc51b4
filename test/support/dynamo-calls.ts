import { randomBytes } from 'node:crypto';
import type { MiddlewareStack } from '@smithy/types';
import { db } from '../../lib/db/client.js';

/** One call as the recorder saw it: its command and the order of its start and end among all events. */
interface RecordedCall {
  command: string;
  started: number;
  ended: number;
}

/** What a recorder returns: the calls' commands, and `waves()` of the last recording. */
export interface DynamoCallRecorder {
  (call: () => Promise<unknown>): Promise<string[]>;
  /**
   * Sequential waves of the last recording: calls in flight together are one wave. A call's
   * wave is one more than the latest wave among the calls that had ended before it started
   * (the longest chain of calls that waited for each other), counted by event order, never time.
   */
  waves(): number;
}

/**
 * Records the DynamoDB commands (e.g. `BatchGetItemCommand`) a call sends through
 * the shared client, with a middleware on its stack: counts and order, never timings.
 */
export function dynamoCallRecorder(): DynamoCallRecorder {
  const calls: RecordedCall[] = [];
  let events = 0;
  let recording = false;
  (db.middlewareStack as unknown as MiddlewareStack<object, object>).add(
    (next, context) => async (args) => {
      if (!recording) return next(args);
      const call: RecordedCall = { command: String((context as { commandName?: string }).commandName), started: ++events, ended: Infinity };
      calls.push(call);
      try {
        return await next(args);
      } finally {
        call.ended = ++events;
      }
    },
    { step: 'initialize', name: `recordDynamoCalls-${randomBytes(4).toString('hex')}` },
  );
  const record = async (call: () => Promise<unknown>) => {
    calls.length = 0;
    recording = true;
    try {
      await call();
    } finally {
      recording = false;
    }
    return calls.map((recorded) => recorded.command);
  };
  return Object.assign(record, { waves: () => wavesOf(calls) });
}

function wavesOf(calls: RecordedCall[]): number {
  const wave = new Map<RecordedCall, number>();
  for (const call of [...calls].sort((a, b) => a.started - b.started)) {
    const before = [...wave.entries()].filter(([earlier]) => earlier.ended < call.started).map(([, n]) => n);
    wave.set(call, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...wave.values());
}
