import { tableName } from '../config.js';
import type { LicenseItem } from '../db/items.js';
import { gsi1Keys, keys } from '../db/keys.js';
import type { TransactItem } from '../db/operations.js';
import type { EndedLicense, GrantPlan, RevokePlan } from './plan.js';

/**
 * Turns a plan into the items of ONE TransactWriteItems. The first item is always the
 * connection's conditional version bump: it fails when another change committed since
 * the read (or the connection was deactivated), and then nothing of the plan is written.
 */

function connectionUpdate(plan: GrantPlan | RevokePlan): TransactItem {
  const versionCondition =
    plan.expectedVersion === undefined ? 'attribute_not_exists(statusVersion)' : 'statusVersion = :expectedVersion';
  return {
    Update: {
      TableName: tableName(),
      Key: keys.connection(plan.appId, plan.globalId),
      ConditionExpression: `attribute_exists(pk) AND isActive = :true AND ${versionCondition}`,
      UpdateExpression: 'SET statusVersion = :nextVersion, syncedStatuses = :synced, statusChangedAt = :at',
      ExpressionAttributeValues: {
        ':true': true,
        ':nextVersion': plan.nextVersion,
        ':synced': plan.syncedStatuses,
        ':at': plan.at,
        ...(plan.expectedVersion === undefined ? {} : { ':expectedVersion': plan.expectedVersion }),
      },
    },
  };
}

/** ACTIVE -> EXPIRED; the sparse gsi1 keys go, so the license no longer counts as in use by its variant. */
function endLicense(plan: GrantPlan | RevokePlan, ended: EndedLicense): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.license(plan.appId, plan.globalId, ended.summary.licenseId),
      UpdateExpression: 'SET #state = :expired, endedAt = :at, endReason = :reason REMOVE gsi1pk, gsi1sk',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':expired': 'EXPIRED', ':at': plan.at, ':reason': ended.reason },
    },
  };
}

function grantedLicense(plan: GrantPlan): TransactItem {
  const { license } = plan;
  if (license.reused) {
    return {
      Update: {
        TableName: tableName(),
        Key: keys.license(plan.appId, plan.globalId, license.licenseId),
        UpdateExpression: 'SET #status = :status, #duration = :duration, expiresAt = :expiresAt, refreshedAt = :at, variantName = :variantName',
        ExpressionAttributeNames: { '#status': 'status', '#duration': 'duration' },
        ExpressionAttributeValues: {
          ':status': plan.status,
          ':duration': license.duration,
          ':expiresAt': license.expiresAt,
          ':at': plan.at,
          ':variantName': plan.variant.name,
        },
      },
    };
  }
  const item: LicenseItem & { pk: string; sk: string } = {
    ...keys.license(plan.appId, plan.globalId, license.licenseId),
    ...gsi1Keys.activeLicenseOfVariant(plan.variant.variantId, license.licenseId),
    type: 'license',
    licenseId: license.licenseId,
    appId: plan.appId,
    globalId: plan.globalId,
    connectionId: plan.connectionId,
    variantId: plan.variant.variantId,
    variantName: plan.variant.name,
    code: license.code,
    status: plan.status,
    state: 'ACTIVE',
    duration: license.duration,
    expiresAt: license.expiresAt,
    source: 'statusSync',
    createdAt: plan.at,
    refreshedAt: null,
    endedAt: null,
    endReason: null,
  };
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

function historyPuts(plan: GrantPlan | RevokePlan): TransactItem[] {
  return plan.history.map((entry) => ({
    Put: {
      TableName: tableName(),
      Item: { ...keys.statusHistory(plan.appId, plan.globalId, entry.at, entry.entryId), ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
}

/** `variantWrites`: the new variant's item and name claim, or a check that the chosen one still exists. */
export function grantTransaction(plan: GrantPlan, variantWrites: TransactItem[]): TransactItem[] {
  return [
    connectionUpdate(plan),
    ...variantWrites,
    grantedLicense(plan),
    ...plan.ended.map((ended) => endLicense(plan, ended)),
    ...historyPuts(plan),
  ];
}

export function revokeTransaction(plan: RevokePlan): TransactItem[] {
  return [connectionUpdate(plan), ...plan.ended.map((ended) => endLicense(plan, ended)), ...historyPuts(plan)];
}
