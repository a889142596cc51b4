import { randomBytes } from 'node:crypto';
import type { MiddlewareStack } from '@smithy/types';
import { db } from '../../lib/db/client.js';

/**
 * Records the DynamoDB commands (e.g. `BatchGetItemCommand`) a call sends through
 * the shared client, with a middleware on its stack: counts, never timings.
 */
export function dynamoCallRecorder(): (call: () => Promise<unknown>) => Promise<string[]> {
  const commands: string[] = [];
  let recording = false;
  (db.middlewareStack as unknown as MiddlewareStack<object, object>).add(
    (next, context) => async (args) => {
      if (recording) commands.push(String((context as { commandName?: string }).commandName));
      return next(args);
    },
    { step: 'initialize', name: `recordDynamoCalls-${randomBytes(4).toString('hex')}` },
  );
  return async (call) => {
    commands.length = 0;
    recording = true;
    try {
      await call();
    } finally {
      recording = false;
    }
    return [...commands];
  };
}
