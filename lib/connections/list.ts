import { isAppId } from '../applications/ids.js';
import { readApplicationWith, type ApplicationItem } from '../entities/application.js';
import { connectionCounterKeys, sumConnectionCounters } from '../entities/connection-counter.js';
import { connectionKey, readConnectionsAfter, type ConnectionItem } from '../entities/connection.js';
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
 * One page of an app's connections, in globalId order,
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
  // One more than the page, so `nextCursor` is null exactly on the last page.
  const [connections, { application, found }] = await Promise.all([
    readConnectionsAfter(appId, options.limit + 1, startKey),
    readApplicationWith(appId, connectionCounterKeys(appId)),
  ]);
  const counted = sumConnectionCounters(appId, found, application?.connectionCount);
  const page = connections.slice(0, options.limit);
  const last = page[page.length - 1];
  const nextCursor = connections.length > options.limit && last ? encodeConnectionCursor(connectionKey(appId, last.globalId)) : null;
  return { connections: page, nextCursor, total: application ? counted : 0, application };
}
