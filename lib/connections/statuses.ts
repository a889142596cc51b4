import type { ConnectionItem, SyncedStatusSummary } from '../db/items.js';

/** The connection's synced statuses that are still ACTIVE: a summary whose expiresAt has passed is not. */
export function activeSyncedStatuses(connection: Pick<ConnectionItem, 'syncedStatuses'>, now = new Date()): SyncedStatusSummary[] {
  const nowMs = now.getTime();
  return (connection.syncedStatuses ?? []).filter((status) => status.expiresAt === null || Date.parse(status.expiresAt) > nowMs);
}
