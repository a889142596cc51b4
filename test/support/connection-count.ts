import { batchGet } from '../../lib/db/operations.js';
import { connectionCounterKeys, sumConnectionCounters } from '../../lib/entities/connection-counter.js';

/** The app's connections as its sharded counter holds them (one BatchGetItem). */
export async function countConnections(appId: string): Promise<number> {
  return sumConnectionCounters(appId, await batchGet(connectionCounterKeys(appId)));
}
