import type { ApplicationItem, ConnectionItem } from '../db/items.js';
import { isAppId } from '../applications/ids.js';
import { keys, type TableKey } from '../db/keys.js';
import { batchGet } from '../db/operations.js';
import { queryOf, queryPage } from '../db/query.js';
import { connectionCounterKeys, sumConnectionCounters } from './counter.js';
import { decodeConnectionCursor, encodeConnectionCursor, invalidCursor } from './cursor.js';

/** `limit` of the user lists (docs/api.md, App backend): 1..1000, default 100. */
export const defaultConnectionPageSize = 100;
export const maxConnectionPageSize = 1000;

export interface ConnectionPage {
  connections: ConnectionItem[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
  /** All connections of the app (its sharded connection counter), 0 for an unknown app. */
  total: number;
  /** The application item, read in parallel with the page (callers check ownership with it). */
  application: ApplicationItem | undefined;
}

/**
 * One page of an app's connections (keys.connectionsOfApp), in globalId order,
 * shared by the developer list and the app-facing list. It asks DynamoDB for one
 * item more than the page, so `nextCursor` is null exactly on the last page; the
 * application item and the connection counter shards (`total`) are read in parallel in one
 * BatchGetItem, so a page costs one round trip.
 * An invalid `cursor` throws `invalidParameter` (400) before any read.
 */
export async function listConnections(appId: string, options: { limit: number; cursor?: string }): Promise<ConnectionPage> {
  const startKey = options.cursor === undefined ? undefined : decodeConnectionCursor(appId, options.cursor);
  if (options.cursor !== undefined && !startKey) throw invalidCursor();
  // A path segment that cannot be an appId names no app (and may be too long for a key): nothing to read.
  if (!isAppId(appId)) return { connections: [], nextCursor: null, total: 0, application: undefined };
  const [connections, found] = await Promise.all([
    connectionsAfter(appId, options.limit, startKey),
    batchGet([keys.application(appId), ...connectionCounterKeys(appId)]),
  ]);
  const application = found(keys.application(appId)) as ApplicationItem | undefined;
  const counted = sumConnectionCounters(appId, found, application?.connectionCount);
  const page = connections.slice(0, options.limit);
  const last = page[page.length - 1];
  const nextCursor = connections.length > options.limit && last ? encodeConnectionCursor(keys.connection(appId, last.globalId)) : null;
  return { connections: page, nextCursor, total: application ? counted : 0, application };
}

/** Up to limit + 1 connections after `startKey` (more than one page only when a response hits 1 MB). */
async function connectionsAfter(appId: string, limit: number, startKey: TableKey | undefined): Promise<ConnectionItem[]> {
  const wanted = limit + 1;
  const connections: ConnectionItem[] = [];
  let from: Record<string, unknown> | undefined = startKey ? { ...startKey } : undefined;
  do {
    // Each further page asks only for what is still missing, so no page reads items the slice would drop.
    const page = await queryPage({ ...queryOf(keys.connectionsOfApp(appId)), Limit: wanted - connections.length }, from);
    connections.push(...(page.items as unknown as ConnectionItem[]));
    from = page.lastKey;
  } while (from && connections.length < wanted);
  return connections;
}
