import { batchGet } from '../db/operations.js';
import { connectionIn, connectionKey, readConnection as readConnectionItem, type ConnectionItem } from '../entities/connection.js';
import { readRecentHistory as readHistory, type StatusHistoryItem } from '../entities/status-history.js';
import { variantNameClaimIn, variantNameClaimKey, type VariantNameClaimItem } from '../entities/variant.js';

/** Reads of status sync. Every read is strongly consistent: the write is conditional on what it saw. */

export const historyPageSize = 50;

/** The connection and the variant name claim in one BatchGetItem round trip. */
export async function readConnectionAndVariantClaim(
  appId: string,
  globalId: string,
  variantName: string,
): Promise<{ connection: ConnectionItem | undefined; claim: VariantNameClaimItem | undefined }> {
  const found = await batchGet([connectionKey(appId, globalId), variantNameClaimKey(appId, variantName)]);
  return { connection: connectionIn(found, appId, globalId), claim: variantNameClaimIn(found, appId, variantName) };
}

export function readConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  return readConnectionItem(appId, globalId);
}

/** The newest history entries of a connection, newest first (one Query). */
export function readRecentHistory(appId: string, globalId: string): Promise<StatusHistoryItem[]> {
  return readHistory(appId, globalId, historyPageSize);
}
