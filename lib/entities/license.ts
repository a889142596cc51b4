import { tableName } from '../db/table-name.js';
import type { TransactItem } from '../db/operations.js';
import { queryAll, queryFindsAny, queryOf } from '../db/query.js';
import { tableDefinition } from '../db/table-definition.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import { connectionPk } from './partitions.js';
import { putNew } from './writes.js';

export type LicenseDuration = 'MONTH' | 'YEAR' | 'LIFETIME';
export type LicenseState = 'UNUSED' | 'ACTIVE' | 'EXPIRED';
export type LicenseEndReason = 'superseded' | 'revoked' | 'lapsed' | 'connectionDeleted';

/**
 * A license linked to a connection, in the connection's own partition. It carries the
 * gsi1 keys (activeLicenseOfVariant) only while `state` is ACTIVE (sparse index), so
 * ending a license REMOVEs gsi1pk/gsi1sk. A stored ACTIVE license whose `expiresAt` has
 * passed is not active.
 */
export interface LicenseItem {
  type: 'license';
  licenseId: string;
  appId: string;
  globalId: string;
  connectionId: string;
  variantId: string;
  variantName: string;
  /** Random, XXXX-XXXX-XXXX-XXXX from an unambiguous alphabet. */
  code: string;
  /** The normalized status label that granted (or last refreshed) it. */
  status: string;
  state: LicenseState;
  duration: LicenseDuration;
  expiresAt: string | null;
  /** 'statusSync': a synced status of its connection; 'redeemed': a license code the user redeemed. */
  source: 'statusSync' | 'redeemed';
  /** A redeemed license: the normalized code, the sort key of its license-code item. */
  normalizedCode?: string;
  createdAt: string;
  refreshedAt: string | null;
  endedAt: string | null;
  endReason: LicenseEndReason | null;
  gsi1pk?: string;
  gsi1sk?: string;
}

export const licenseKey = (appId: string, globalId: string, licenseId: string): TableKey => ({ pk: connectionPk(appId, globalId), sk: `LICENSE#${licenseId}` });
export const licensesOfConnection = (appId: string, globalId: string): KeyPrefix => ({ pk: connectionPk(appId, globalId), skPrefix: 'LICENSE#' });

/** gsi1 (sparse): an ACTIVE license under its variant, to refuse deleting a variant in use. */
export const activeLicenseOfVariantKey = (variantId: string, licenseId: string) => ({ gsi1pk: `VARIANT#${variantId}`, gsi1sk: `LICENSE#${licenseId}` });
const gsi1 = tableDefinition.globalSecondaryIndexes[0].indexName;

/** The connection's license items stored as ACTIVE (synced or redeemed). */
export function readStoredActiveLicenses(appId: string, globalId: string): Promise<LicenseItem[]> {
  return queryAll<LicenseItem>(
    queryOf(licensesOfConnection(appId, globalId), { filter: '#state = :active', names: { '#state': 'state' }, values: { ':active': 'ACTIVE' }, consistent: true }),
  );
}

/**
 * Whether any license of the variant is ACTIVE now: the sparse gsi1 holds only licenses
 * stored as ACTIVE; one whose expiresAt has passed does not count. gsi1 is eventually
 * consistent (docs/table-design.md).
 */
export function variantHasActiveLicenses(variantId: string, now: Date): Promise<boolean> {
  return queryFindsAny({
    IndexName: gsi1,
    KeyConditionExpression: 'gsi1pk = :variant',
    FilterExpression: '#state = :active AND (attribute_not_exists(expiresAt) OR expiresAt = :null OR expiresAt > :now)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':variant': `VARIANT#${variantId}`, ':active': 'ACTIVE', ':null': null, ':now': now.toISOString() },
    ProjectionExpression: 'pk',
  });
}

/** A new ACTIVE license, listed under its variant in gsi1. */
export function licensePut(license: LicenseItem): TransactItem {
  return putNew({ ...licenseKey(license.appId, license.globalId, license.licenseId), ...activeLicenseOfVariantKey(license.variantId, license.licenseId), ...license });
}

/**
 * ACTIVE -> EXPIRED at `endedAt` for `reason`; the gsi1 keys go, so the license no longer
 * counts as in use by its variant. `onlyIfActive`: the update holds only while the stored
 * license is ACTIVE (a deletion that read it so); status sync's own version check guards its ends.
 */
export function licenseEnd(license: { appId: string; globalId: string; licenseId: string }, endedAt: string, reason: LicenseEndReason, options: { onlyIfActive?: boolean } = {}): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: licenseKey(license.appId, license.globalId, license.licenseId),
      UpdateExpression: 'SET #state = :expired, endedAt = :endedAt, endReason = :reason REMOVE gsi1pk, gsi1sk',
      ...(options.onlyIfActive ? { ConditionExpression: '#state = :active' } : {}),
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':expired': 'EXPIRED', ':endedAt': endedAt, ':reason': reason, ...(options.onlyIfActive ? { ':active': 'ACTIVE' } : {}) },
    },
  };
}

/** A synced license granted again: its status, duration, expiry and variant name refreshed. */
export function licenseRefresh(
  license: { appId: string; globalId: string; licenseId: string },
  refresh: { status: string; duration: LicenseDuration; expiresAt: string | null; variantName: string; at: string },
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: licenseKey(license.appId, license.globalId, license.licenseId),
      UpdateExpression: 'SET #status = :status, #duration = :duration, expiresAt = :expiresAt, refreshedAt = :at, variantName = :variantName',
      ExpressionAttributeNames: { '#status': 'status', '#duration': 'duration' },
      ExpressionAttributeValues: { ':status': refresh.status, ':duration': refresh.duration, ':expiresAt': refresh.expiresAt, ':at': refresh.at, ':variantName': refresh.variantName },
    },
  };
}
