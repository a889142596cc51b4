import { now } from '../clock.js';
import { applicationGone } from '../app-auth/basic-auth.js';
import { applicationExistsCheck } from '../entities/application.js';
import { connectionEventPut } from '../entities/event.js';
import { runOptimistic } from '../db/optimistic.js';
import { requireActiveConnection } from './connection-guard.js';
import { generateLicenseCode, generateLicenseId } from '../licenses/identifiers.js';
import { planGrant, type Caller, type GrantChange, type GrantPlan } from './plan.js';
import { readConnectionAndVariantClaim } from './repository.js';
import { grantTransaction } from './transaction.js';
import { variantForGrant } from './variant-writes.js';

/**
 * Grants (or refreshes) a synced status: one BatchGetItem (connection + variant name
 * claim + application item) and one TransactWriteItems per attempt (conditioned on the
 * application), through the optimistic runner. A deleted application is a 401 at once,
 * even for a credential this container verified before (issue 21).
 */
export function grantStatus(input: { appId: string; globalId: string; change: GrantChange; caller: Caller }): Promise<GrantPlan> {
  const { appId, globalId, change, caller } = input;
  return runOptimistic({
    turnKey: `connection:${appId}:${globalId}`,
    read: () => readConnectionAndVariantClaim(appId, globalId, change.variantName),
    plan: (read) => {
      if (!read.appExists) throw applicationGone();
      const at = now();
      const connection = requireActiveConnection(read.connection);
      const { variant, writes } = variantForGrant(appId, read.claim, change, at);
      const newLicense = { licenseId: generateLicenseId(), code: generateLicenseCode() };
      const plan = planGrant({ connection, change, variant, caller, now: at, newLicense });
      const event = connectionEventPut({ type: 'status.granted', connection, sequence: plan.nextVersion, before: connection, after: { ...connection, syncedStatuses: plan.syncedStatuses }, at });
      // The app must still exist when the grant commits: a deletion in between makes the read run again (then 401).
      return { items: [...grantTransaction(plan, writes), event, applicationExistsCheck(appId)], result: plan };
    },
  });
}
