import type { ConnectionItem, SyncedStatusSummary } from '../db/items.js';
import { now as clockNow } from '../clock.js';

/** The connection's synced statuses that are still ACTIVE: a summary whose expiresAt has passed is not. */
export function activeSyncedStatuses(connection: Pick<ConnectionItem, 'syncedStatuses'>, now = clockNow()): SyncedStatusSummary[] {
  const nowMs = now.getTime();
  return (connection.syncedStatuses ?? []).filter((status) => status.expiresAt === null || Date.parse(status.expiresAt) > nowMs);
}
