import { countMetric } from '../observability/metrics.js';
import { isGlobalId, noActiveConnection } from './connection-guard.js';
import { grantStatus } from './grant.js';
import { interpretStatusChange, type StatusChangeInput } from './normalize.js';
import type { Caller, GrantPlan } from './plan.js';
import { revokeStatus, type RevokeOutcome } from './revoke.js';
import { now } from '../clock.js';

export type StatusChangeOutcome = { action: 'granted'; plan: GrantPlan } | RevokeOutcome;

/**
 * PATCH .../users/{globalId}/status (seed 000, docs/api.md, App backend): validates the body (400),
 * then the user (404; a malformed globalId names no user), then grants or revokes.
 */
export async function changeUserStatus(input: {
  appId: string;
  globalId: string;
  body: StatusChangeInput;
  caller: Caller;
}): Promise<StatusChangeOutcome> {
  const change = interpretStatusChange(input.body, now());
  if (!isGlobalId(input.globalId)) throw noActiveConnection(input.globalId);
  const target = { appId: input.appId, globalId: input.globalId, caller: input.caller };
  if (change.kind === 'revoke') {
    const outcome = await revokeStatus(target);
    if (outcome.action === 'revoked') countMetric('Revokes');
    return outcome;
  }
  const plan = await grantStatus({ ...target, change });
  countMetric('Grants');
  return { action: 'granted', plan };
}
