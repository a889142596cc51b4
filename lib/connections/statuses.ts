import type { ConnectionItem, SyncedStatusSummary } from '../entities/connection.js';
import { syncedStatusesByExpiry } from '../entities/connection.js';
import { now as clockNow } from '../clock.js';

/** The connection's synced statuses that are still ACTIVE: a summary whose expiresAt has passed is not. */
export function activeSyncedStatuses(connection: Pick<ConnectionItem, 'syncedStatuses'>, now = clockNow()): SyncedStatusSummary[] {
  return syncedStatusesByExpiry(connection, now).active;
}
