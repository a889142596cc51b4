import { commitChange } from './commit.js';
import { requireActiveConnection } from './connection-guard.js';
import { planRevoke, type Caller } from './plan.js';
import { readConnection } from './repository.js';
import { conflict, withChangeRetries } from './retry.js';
import { revokeTransaction } from './transaction.js';

export type RevokeOutcome =
  | { action: 'revoked'; connectionId: string; revokedLicenseIds: string[] }
  | { action: 'unchanged'; connectionId: string };

/**
 * Ends every ACTIVE synced license of the connection: one GetItem and, when something
 * was active, one TransactWriteItems. Nothing active: `unchanged`, nothing written.
 */
export async function revokeStatus(input: { appId: string; globalId: string; caller: Caller }): Promise<RevokeOutcome> {
  const { appId, globalId, caller } = input;
  return withChangeRetries(async () => {
    const now = new Date();
    const connection = requireActiveConnection(await readConnection(appId, globalId));
    const plan = planRevoke({ connection, caller, now });
    if (!plan) return { action: 'unchanged' as const, connectionId: connection.connectionId };
    if ((await commitChange(revokeTransaction(plan))) === 'conflict') return conflict;
    const revokedLicenseIds = plan.ended.filter((ended) => ended.reason === 'revoked').map((ended) => ended.summary.licenseId);
    return { action: 'revoked' as const, connectionId: plan.connectionId, revokedLicenseIds };
  });
}
