import { commitChange } from './commit.js';
import { requireActiveConnection } from './connection-guard.js';
import { generateLicenseCode, generateLicenseId } from './identifiers.js';
import { planGrant, type Caller, type GrantChange, type GrantPlan } from './plan.js';
import { readConnectionAndVariantClaim } from './repository.js';
import { conflict, withChangeRetries } from './retry.js';
import { grantTransaction } from './transaction.js';
import { variantForGrant } from './variant-writes.js';

/**
 * Grants (or refreshes) a synced status: one BatchGetItem (connection + variant name
 * claim) and one TransactWriteItems per attempt. A conflict re-reads and re-plans.
 */
export async function grantStatus(input: { appId: string; globalId: string; change: GrantChange; caller: Caller }): Promise<GrantPlan> {
  const { appId, globalId, change, caller } = input;
  return withChangeRetries(async () => {
    const now = new Date();
    const read = await readConnectionAndVariantClaim(appId, globalId, change.variantName);
    const connection = requireActiveConnection(read.connection);
    const { variant, writes } = variantForGrant(appId, read.claim, change, now);
    const newLicense = { licenseId: generateLicenseId(), code: generateLicenseCode() };
    const plan = planGrant({ connection, change, variant, caller, now, newLicense });
    return (await commitChange(grantTransaction(plan, writes))) === 'committed' ? plan : conflict;
  });
}
