import { now } from '../clock.js';
import { applicationGone } from '../app-auth/basic-auth.js';
import { applicationExistsCheck } from '../entities/application.js';
import { connectionEventPut } from '../entities/event.js';
import { runOptimistic } from '../db/optimistic.js';
import { requireActiveConnection } from './connection-guard.js';
import { planRevoke, type Caller } from './plan.js';
import { readConnectionOfApp } from './repository.js';
import { revokeTransaction } from './transaction.js';

export type RevokeOutcome =
  | { action: 'revoked'; connectionId: string; revokedLicenseIds: string[] }
  | { action: 'unchanged'; connectionId: string };

/**
 * Ends every ACTIVE synced license of the connection: one BatchGetItem (connection +
 * application item: a deleted app is a 401 at once) and, when something was active, one
 * TransactWriteItems conditioned on the app. Nothing active: `unchanged`, nothing written.
 */
export function revokeStatus(input: { appId: string; globalId: string; caller: Caller }): Promise<RevokeOutcome> {
  const { appId, globalId, caller } = input;
  return runOptimistic({
    turnKey: `connection:${appId}:${globalId}`,
    read: () => readConnectionOfApp(appId, globalId),
    plan: (read) => {
      if (!read.appExists) throw applicationGone();
      const connection = requireActiveConnection(read.connection);
      const at = now();
      const plan = planRevoke({ connection, caller, now: at });
      if (!plan) return { items: [], result: { action: 'unchanged' as const, connectionId: connection.connectionId } as RevokeOutcome };
      const revokedLicenseIds = plan.ended.filter((ended) => ended.reason === 'revoked').map((ended) => ended.summary.licenseId);
      const event = connectionEventPut({ type: 'status.revoked', connection, sequence: plan.nextVersion, before: connection, after: { ...connection, syncedStatuses: [] }, at });
      return { items: [...revokeTransaction(plan), event, applicationExistsCheck(appId)], result: { action: 'revoked' as const, connectionId: plan.connectionId, revokedLicenseIds } as RevokeOutcome };
    },
  });
}
