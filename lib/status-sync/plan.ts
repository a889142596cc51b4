import { syncedStatusesByExpiry, type ConnectionItem, type SyncedStatusSummary } from '../entities/connection.js';
import type { LicenseDuration } from '../entities/license.js';
import { historyEntryId, type StatusHistoryAction, type StatusHistoryItem } from '../entities/status-history.js';
import type { StatusChange } from './normalize.js';

/**
 * Pure planning of one status change from the connection as read: which licenses are
 * granted, refreshed or ended, the connection's next synced statuses and version, and
 * the history entries. The transaction builder turns a plan into one TransactWriteItems.
 */

/** Who made the change: the Basic-auth client and the secret that matched. */
export interface Caller {
  clientId: string;
  secretId: string;
}

/** The variant a grant uses: found by name, or to be created in the same transaction. */
export interface VariantChoice {
  variantId: string;
  name: string;
  defaultDuration: LicenseDuration;
  created: boolean;
}

/** A license the change ends; `reason` lapsed = its expiry had already passed (no history entry). */
export interface EndedLicense {
  summary: SyncedStatusSummary;
  reason: 'superseded' | 'revoked' | 'lapsed';
}

interface ChangeBase {
  appId: string;
  globalId: string;
  connectionId: string;
  /** The version read; the write is conditional on it. Undefined: the attribute was absent. */
  expectedVersion: number | undefined;
  nextVersion: number;
  at: string;
  syncedStatuses: SyncedStatusSummary[];
  ended: EndedLicense[];
  history: StatusHistoryItem[];
}

export interface GrantPlan extends ChangeBase {
  kind: 'grant';
  status: string;
  variant: VariantChoice;
  license: {
    licenseId: string;
    code: string;
    duration: LicenseDuration;
    expiresAt: string | null;
    reused: boolean;
    /** When the license was first activated (kept on reuse). */
    activatedAt: string;
  };
}

export interface RevokePlan extends ChangeBase {
  kind: 'revoke';
}

export type GrantChange = Extract<StatusChange, { kind: 'grant' }>;

/** The licenses a connection's summary lists that are still ACTIVE at `now`, and the lapsed rest. */
export function splitByExpiry(connection: ConnectionItem, now: Date) {
  return syncedStatusesByExpiry(connection, now);
}

/** The change's timestamp: now, but never before the previous change (clock skew between containers). */
function changeTimestamp(connection: ConnectionItem, now: Date): string {
  const nowIso = now.toISOString();
  const previous = connection.statusChangedAt;
  return previous && previous > nowIso ? previous : nowIso;
}

function historyEntry(
  base: { at: string; statusVersion: number; index: number; caller: Caller; before: string | null; after: string | null },
  action: StatusHistoryAction,
  summary: { status: string; licenseId: string; variantId: string },
): StatusHistoryItem {
  return {
    type: 'statusHistory',
    entryId: historyEntryId(base.statusVersion, base.index),
    at: base.at,
    action,
    status: summary.status,
    licenseId: summary.licenseId,
    variantId: summary.variantId,
    before: base.before,
    after: base.after,
    statusVersion: base.statusVersion,
    by: { clientId: base.caller.clientId, secretId: base.caller.secretId },
  };
}

function baseOf(connection: ConnectionItem, now: Date) {
  const expectedVersion = typeof connection.statusVersion === 'number' ? connection.statusVersion : undefined;
  return {
    appId: connection.appId,
    globalId: connection.globalId,
    connectionId: connection.connectionId,
    expectedVersion,
    nextVersion: (expectedVersion ?? 0) + 1,
    at: changeTimestamp(connection, now),
  };
}

export function planGrant(input: {
  connection: ConnectionItem;
  change: GrantChange;
  variant: VariantChoice;
  caller: Caller;
  now: Date;
  newLicense: { licenseId: string; code: string };
}): GrantPlan {
  const { connection, change, variant, caller, now } = input;
  const base = baseOf(connection, now);
  const { active, lapsed } = splitByExpiry(connection, now);
  // A summary without its code predates this format: end it and issue a fresh license.
  const reusable = active.find((summary) => summary.variantId === variant.variantId && summary.code !== undefined);
  const superseded = active.filter((summary) => summary !== reusable);
  const before = active[0]?.status ?? null;

  const license = {
    licenseId: reusable?.licenseId ?? input.newLicense.licenseId,
    code: reusable?.code ?? input.newLicense.code,
    duration: change.duration,
    expiresAt: change.expiresAt,
    reused: reusable !== undefined,
    activatedAt: reusable?.activatedAt ?? base.at,
  };
  const summary: SyncedStatusSummary = {
    status: change.status,
    licenseId: license.licenseId,
    variantId: variant.variantId,
    variantName: variant.name,
    expiresAt: license.expiresAt,
    code: license.code,
    duration: license.duration,
    activatedAt: license.activatedAt,
  };

  const entryBase = { at: base.at, statusVersion: base.nextVersion, caller, before, after: change.status };
  const history = superseded.map((ended, index) => historyEntry({ ...entryBase, index }, 'superseded', ended));
  history.push(historyEntry({ ...entryBase, index: superseded.length }, license.reused ? 'refreshed' : 'granted', summary));

  return {
    kind: 'grant',
    ...base,
    status: change.status,
    variant,
    license,
    syncedStatuses: [summary],
    ended: [
      ...superseded.map((ended) => ({ summary: ended, reason: 'superseded' as const })),
      ...lapsed.map((ended) => ({ summary: ended, reason: 'lapsed' as const })),
    ],
    history,
  };
}

/** Undefined when nothing is active: the revoke changes nothing and writes nothing. */
export function planRevoke(input: { connection: ConnectionItem; caller: Caller; now: Date }): RevokePlan | undefined {
  const { connection, caller, now } = input;
  const { active, lapsed } = splitByExpiry(connection, now);
  if (active.length === 0) return undefined;
  const base = baseOf(connection, now);
  const before = active[0]?.status ?? null;
  const entryBase = { at: base.at, statusVersion: base.nextVersion, caller, before, after: null };
  return {
    kind: 'revoke',
    ...base,
    syncedStatuses: [],
    ended: [
      ...active.map((ended) => ({ summary: ended, reason: 'revoked' as const })),
      ...lapsed.map((ended) => ({ summary: ended, reason: 'lapsed' as const })),
    ],
    history: active.map((ended, index) => historyEntry({ ...entryBase, index }, 'revoked', ended)),
  };
}
