import { tableName } from '../db/table-name.js';
import type { ItemsByKey, TransactItem } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import { absentCheck, putNew } from './writes.js';

/** A verified hostname names exactly one application (docs/security.md, Hostname ownership); a pending one has no claim. */
export interface HostnameClaimItem {
  type: 'hostnameClaim';
  appId: string;
}

/** `hostname` in its stored (normalized) form. */
export const hostnameClaimKey = (hostname: string): TableKey => ({ pk: `HOST#${hostname.toLowerCase()}`, sk: 'HOST' });

/** The appId a claim in a BatchGetItem's answer names. */
export function claimedAppId(found: ItemsByKey, key: TableKey | undefined): string | undefined {
  return (found(key) as HostnameClaimItem | undefined)?.appId;
}

/** A claim of a new application's reserved hostname: first come. */
export function hostnameClaimPut(hostname: string, appId: string): TransactItem {
  const claim: HostnameClaimItem = { type: 'hostnameClaim', appId };
  return putNew({ ...hostnameClaimKey(hostname), ...claim });
}

/** A pending hostname must not be verified for another app yet. */
export function hostnameUnclaimedCheck(hostname: string): TransactItem {
  return absentCheck(hostnameClaimKey(hostname));
}

/** The claim of a verified hostname: new, or already this app's. */
export function hostnameClaimVerifiedPut(hostname: string, appId: string): TransactItem {
  const claim: HostnameClaimItem = { type: 'hostnameClaim', appId };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...hostnameClaimKey(hostname), ...claim },
      ConditionExpression: 'attribute_not_exists(pk) OR appId = :app',
      ExpressionAttributeValues: { ':app': appId },
    },
  };
}

/** Releases the app's claim (never another app's). */
export function hostnameClaimRelease(hostname: string, appId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: hostnameClaimKey(hostname),
      ConditionExpression: 'attribute_not_exists(pk) OR appId = :app',
      ExpressionAttributeValues: { ':app': appId },
    },
  };
}
