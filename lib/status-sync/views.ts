import type * as z from 'zod/mini';
import type { SyncedStatusSummary } from '../entities/connection.js';
import type { StatusHistoryItem } from '../entities/status-history.js';
import type { StatusChangeOutcome } from './change-status.js';
import type { CurrentStatus } from './current-status.js';
import { redeemedLicenseView } from '../connections/views.js';
import type { currentStatusBodySchema, statusChangeBodySchema } from './response-schemas.js';

/** The documented bodies (./response-schemas.ts) without `ok`, which apiOk adds: the views cannot drift from the document. */
type WithoutOk<T> = T extends unknown ? Omit<T, 'ok'> : never;
export type StatusChangeBody = WithoutOk<z.output<typeof statusChangeBodySchema>>;
export type CurrentStatusBody = WithoutOk<z.output<typeof currentStatusBodySchema>>;

/** Response bodies of the status-sync routes (docs/api.md, App backend), without the leading `ok: true`. */

export function statusChangeBody(outcome: StatusChangeOutcome, globalId: string): StatusChangeBody {
  if (outcome.action === 'revoked') {
    return { action: 'revoked', connectionId: outcome.connectionId, globalId, revokedLicenseIds: outcome.revokedLicenseIds };
  }
  if (outcome.action === 'unchanged') return { action: 'unchanged', connectionId: outcome.connectionId, globalId };
  const { plan } = outcome;
  return {
    action: 'granted',
    connectionId: plan.connectionId,
    globalId: plan.globalId,
    status: plan.status,
    variant: {
      variantId: plan.variant.variantId,
      name: plan.variant.name,
      defaultDuration: plan.variant.defaultDuration,
      created: plan.variant.created,
    },
    license: {
      licenseId: plan.license.licenseId,
      code: plan.license.code,
      state: 'ACTIVE',
      duration: plan.license.duration,
      expiresAt: plan.license.expiresAt,
      reused: plan.license.reused,
    },
    supersededLicenseIds: plan.ended.filter((ended) => ended.reason === 'superseded').map((ended) => ended.summary.licenseId),
  };
}

function licenseView(summary: SyncedStatusSummary) {
  return {
    licenseId: summary.licenseId,
    code: summary.code ?? null,
    state: 'ACTIVE' as const,
    duration: summary.duration ?? null,
    expiresAt: summary.expiresAt,
    activatedAt: summary.activatedAt ?? null,
    variant: { variantId: summary.variantId, name: summary.variantName },
  };
}

function historyView(entry: StatusHistoryItem) {
  return {
    at: entry.at,
    action: entry.action,
    status: entry.status,
    licenseId: entry.licenseId,
    by: 'userId' in entry.by ? { userId: entry.by.userId } : { clientId: entry.by.clientId, secretId: entry.by.secretId },
  };
}

export function currentStatusBody(current: CurrentStatus): CurrentStatusBody {
  return {
    connectionId: current.connectionId,
    globalId: current.globalId,
    status: current.active?.status ?? null,
    license: current.active ? licenseView(current.active) : null,
    history: current.history.map(historyView),
    redeemed: current.redeemed.map(redeemedLicenseView),
  };
}
