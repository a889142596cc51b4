import type { ConnectionItem, StatusHistoryItem, VariantNameClaimItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { batchGet, get } from '../db/operations.js';
import { queryOf, queryPage } from '../db/query.js';

/** Reads of status sync. Every read is strongly consistent: the write is conditional on what it saw. */

export const historyPageSize = 50;

/** The connection and the variant name claim in one BatchGetItem round trip. */
export async function readConnectionAndVariantClaim(
  appId: string,
  globalId: string,
  variantName: string,
): Promise<{ connection: ConnectionItem | undefined; claim: VariantNameClaimItem | undefined }> {
  const connectionKey = keys.connection(appId, globalId);
  const claimKey = keys.variantNameClaim(appId, variantName);
  const found = await batchGet([connectionKey, claimKey]);
  return {
    connection: found(connectionKey) as ConnectionItem | undefined,
    claim: found(claimKey) as VariantNameClaimItem | undefined,
  };
}

export function readConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  return get<ConnectionItem>(keys.connection(appId, globalId));
}

/** The newest history entries of a connection, newest first (one Query). */
export async function readRecentHistory(appId: string, globalId: string): Promise<StatusHistoryItem[]> {
  const shape = { ...queryOf(keys.statusHistoryOfConnection(appId, globalId), { consistent: true }), ScanIndexForward: false, Limit: historyPageSize };
  return (await queryPage(shape)).items as unknown as StatusHistoryItem[];
}
