import type { TransactItem } from '../db/operations.js';
import { connectionStatusUpdate } from '../entities/connection.js';
import { licenseEnd, licensePut, licenseRefresh } from '../entities/license.js';
import { historyPut } from '../entities/status-history.js';
import type { EndedLicense, GrantPlan, RevokePlan } from './plan.js';

/**
 * Turns a plan into the items of ONE TransactWriteItems, from the entities' write
 * builders (lib/entities). The first item is always the connection's conditional version
 * bump: it fails when another change committed since the read (or the connection was
 * deactivated), and then nothing of the plan is written.
 */

const licenseOf = (plan: GrantPlan | RevokePlan, licenseId: string) => ({ appId: plan.appId, globalId: plan.globalId, licenseId });

function endLicense(plan: GrantPlan | RevokePlan, ended: EndedLicense): TransactItem {
  return licenseEnd(licenseOf(plan, ended.summary.licenseId), plan.at, ended.reason);
}

function grantedLicense(plan: GrantPlan): TransactItem {
  const { license } = plan;
  if (license.reused) {
    return licenseRefresh(licenseOf(plan, license.licenseId), {
      status: plan.status,
      duration: license.duration,
      expiresAt: license.expiresAt,
      variantName: plan.variant.name,
      at: plan.at,
    });
  }
  return licensePut({
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
  });
}

const historyPuts = (plan: GrantPlan | RevokePlan): TransactItem[] => plan.history.map((entry) => historyPut(plan.appId, plan.globalId, entry));

/** `variantWrites`: the new variant's item and name claim, or a check that the chosen one still exists. */
export function grantTransaction(plan: GrantPlan, variantWrites: TransactItem[]): TransactItem[] {
  return [connectionStatusUpdate(plan), ...variantWrites, grantedLicense(plan), ...plan.ended.map((ended) => endLicense(plan, ended)), ...historyPuts(plan)];
}

export function revokeTransaction(plan: RevokePlan): TransactItem[] {
  return [connectionStatusUpdate(plan), ...plan.ended.map((ended) => endLicense(plan, ended)), ...historyPuts(plan)];
}
