import { activeRedeemedLicenses, type RedeemedLicenseSummary, type SyncedStatusSummary } from '../entities/connection.js';
import type { StatusHistoryItem } from '../entities/status-history.js';
import { isGlobalId, noActiveConnection, requireActiveConnection } from './connection-guard.js';
import { splitByExpiry } from './plan.js';
import { readConnectionOfApp, readRecentHistory } from './repository.js';
import { applicationGone } from '../app-auth/basic-auth.js';
import { now } from '../clock.js';

export interface CurrentStatus {
  connectionId: string;
  globalId: string;
  /** The ACTIVE synced status (normally one), or undefined. */
  active: SyncedStatusSummary | undefined;
  /** The last 50 entries, newest first. */
  history: StatusHistoryItem[];
  /** The connection's ACTIVE redeemed licenses (license codes); status sync never changes them. */
  redeemed: RedeemedLicenseSummary[];
}

/**
 * GET .../users/{globalId}/status: the connection with the application item (one
 * BatchGetItem: a deleted app is a 401 at once, issue 21) and its newest history (Query,
 * newest first, Limit 50) are read in parallel: one round trip of latency.
 */
export async function readCurrentStatus(appId: string, globalId: string): Promise<CurrentStatus> {
  if (!isGlobalId(globalId)) throw noActiveConnection(globalId);
  const [{ connection, appExists }, history] = await Promise.all([readConnectionOfApp(appId, globalId), readRecentHistory(appId, globalId)]);
  if (!appExists) throw applicationGone();
  const active = requireActiveConnection(connection);
  return {
    connectionId: active.connectionId,
    globalId: active.globalId,
    active: splitByExpiry(active, now()).active[0],
    history,
    redeemed: activeRedeemedLicenses(active, now()),
  };
}
