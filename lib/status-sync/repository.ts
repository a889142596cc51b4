import { batchGet } from '../db/operations.js';
import { applicationIn, applicationKey } from '../entities/application.js';
import { connectionIn, connectionKey, readConnection as readConnectionItem, readConnectionWith, type ConnectionItem } from '../entities/connection.js';
import { readRecentHistory as readHistory, type StatusHistoryItem } from '../entities/status-history.js';
import { variantNameClaimIn, variantNameClaimKey, type VariantNameClaimItem } from '../entities/variant.js';

/** Reads of status sync. Every read is strongly consistent: the write is conditional on what it saw. */

export const historyPageSize = 50;

/**
 * The connection and the variant name claim in one BatchGetItem round trip, with the
 * application item: `appExists` false means the app was deleted (a cached credential
 * of it must fail, lib/app-auth/basic-auth.ts applicationGone).
 */
export async function readConnectionAndVariantClaim(
  appId: string,
  globalId: string,
  variantName: string,
): Promise<{ connection: ConnectionItem | undefined; claim: VariantNameClaimItem | undefined; appExists: boolean }> {
  const found = await batchGet([connectionKey(appId, globalId), variantNameClaimKey(appId, variantName), applicationKey(appId)]);
  return { connection: connectionIn(found, appId, globalId), claim: variantNameClaimIn(found, appId, variantName), appExists: applicationIn(found, appId) !== undefined };
}

/** The connection and the application item (does the app still exist?) in one BatchGetItem. */
export async function readConnectionOfApp(appId: string, globalId: string): Promise<{ connection: ConnectionItem | undefined; appExists: boolean }> {
  const { connection, found } = await readConnectionWith(appId, globalId, [applicationKey(appId)]);
  return { connection, appExists: applicationIn(found, appId) !== undefined };
}

/** The connection alone (get-login-status with the status: a member session, no client secret). */
export function readConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  return readConnectionItem(appId, globalId);
}

/** The newest history entries of a connection, newest first (one Query). */
export function readRecentHistory(appId: string, globalId: string): Promise<StatusHistoryItem[]> {
  return readHistory(appId, globalId, historyPageSize);
}
