import type { TransactItem } from '../db/operations.js';
import { queryOf, queryPage } from '../db/query.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import { connectionPk } from './partitions.js';
import { putNew } from './writes.js';

export type StatusHistoryAction = 'granted' | 'refreshed' | 'superseded' | 'revoked';

/**
 * One entry per license a status change touched, written in the change's transaction,
 * in the connection's own partition. `entryId` = zero-padded statusVersion + '.' + index
 * (historyEntryId), so entries sort in commit order (newest first with ScanIndexForward false).
 */
export interface StatusHistoryItem {
  type: 'statusHistory';
  entryId: string;
  at: string;
  action: StatusHistoryAction;
  /** The status of the license this entry is about. */
  status: string;
  licenseId: string;
  variantId: string;
  /** The connection's current status before and after the change (null: none). */
  before: string | null;
  after: string | null;
  statusVersion: number;
  /** The app backend (status sync), or the developer who deleted the connection. */
  by: { clientId: string; secretId: string } | { userId: number };
}

export const statusHistoryKey = (appId: string, globalId: string, at: string, entryId: string): TableKey => ({
  pk: connectionPk(appId, globalId),
  sk: `HISTORY#${at}#${entryId}`,
});
export const statusHistoryOfConnection = (appId: string, globalId: string): KeyPrefix => ({ pk: connectionPk(appId, globalId), skPrefix: 'HISTORY#' });

/** History entries of one change share its version; the index orders them within it. */
export function historyEntryId(statusVersion: number, index: number): string {
  return `${String(statusVersion).padStart(12, '0')}.${String(index).padStart(3, '0')}`;
}

export function historyPut(appId: string, globalId: string, entry: StatusHistoryItem): TransactItem {
  return putNew({ ...statusHistoryKey(appId, globalId, entry.at, entry.entryId), ...entry });
}

/** The newest `limit` entries of a connection, newest first (one Query). */
export async function readRecentHistory(appId: string, globalId: string, limit: number): Promise<StatusHistoryItem[]> {
  const shape = { ...queryOf(statusHistoryOfConnection(appId, globalId), { consistent: true }), ScanIndexForward: false, Limit: limit };
  return (await queryPage(shape)).items as unknown as StatusHistoryItem[];
}
