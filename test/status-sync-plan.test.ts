import type { ConnectionItem, SyncedStatusSummary } from '../lib/entities/connection.js';
import { planGrant, planRevoke, type VariantChoice } from '../lib/status-sync/plan.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const caller = { clientId: 'app_x', secretId: 'sec_y' };

function connection(syncedStatuses: SyncedStatusSummary[], extra: Partial<ConnectionItem> = {}): ConnectionItem {
  return {
    type: 'connection',
    connectionId: 'conn-1',
    appId: 'app_x',
    globalId: 'AB1234',
    userId: 7,
    isActive: true,
    loginCount: 1,
    lastSession: null,
    joinedAt: '2026-01-01T00:00:00.000Z',
    email: null,
    firstName: null,
    lastName: null,
    statusVersion: 3,
    syncedStatuses,
    ...extra,
  };
}

const summary = (licenseId: string, variantId: string, expiresAt: string | null = null): SyncedStatusSummary => ({
  status: licenseId.toUpperCase(),
  licenseId,
  variantId,
  variantName: variantId,
  expiresAt,
  code: 'AAAA-BBBB-CCCC-DDDD',
  duration: 'LIFETIME',
  activatedAt: '2026-02-01T00:00:00.000Z',
});

const pro: VariantChoice = { variantId: 'var_pro', name: 'Pro', defaultDuration: 'MONTH', created: false };
const change = { kind: 'grant' as const, status: 'PRO', variantName: 'Pro', duration: 'YEAR' as const, expiresAt: '2027-03-01T12:00:00.000Z' };
const newLicense = { licenseId: 'new-license', code: 'WXYZ-WXYZ-WXYZ-WXYZ' };

describe('planning a grant', () => {
  it('issues a new license and bumps the version when nothing is active', () => {
    const plan = planGrant({ connection: connection([]), change, variant: pro, caller, now, newLicense });
    expect(plan).toMatchObject({ expectedVersion: 3, nextVersion: 4, at: now.toISOString(), ended: [] });
    expect(plan.license).toEqual({ ...newLicense, duration: 'YEAR', expiresAt: change.expiresAt, reused: false, activatedAt: now.toISOString() });
    expect(plan.history.map((entry) => [entry.action, entry.licenseId, entry.before, entry.after])).toEqual([
      ['granted', 'new-license', null, 'PRO'],
    ]);
  });

  it('reuses the active license of the same variant and supersedes the others', () => {
    const plan = planGrant({
      connection: connection([summary('basic', 'var_basic'), summary('pro', 'var_pro')]),
      change,
      variant: pro,
      caller,
      now,
      newLicense,
    });
    expect(plan.license).toMatchObject({ licenseId: 'pro', code: 'AAAA-BBBB-CCCC-DDDD', reused: true, activatedAt: '2026-02-01T00:00:00.000Z' });
    expect(plan.ended).toEqual([{ summary: summary('basic', 'var_basic'), reason: 'superseded' }]);
    expect(plan.syncedStatuses).toHaveLength(1);
    expect(plan.history.map((entry) => [entry.action, entry.licenseId, entry.entryId])).toEqual([
      ['superseded', 'basic', '000000000004.000'],
      ['refreshed', 'pro', '000000000004.001'],
    ]);
  });

  it('does not reuse a lapsed license: it is ended as lapsed without a history entry', () => {
    const plan = planGrant({
      connection: connection([summary('pro', 'var_pro', '2026-03-01T11:59:59.999Z')]),
      change,
      variant: pro,
      caller,
      now,
      newLicense,
    });
    expect(plan.license.reused).toBe(false);
    expect(plan.ended).toEqual([{ summary: expect.objectContaining({ licenseId: 'pro' }), reason: 'lapsed' }]);
    expect(plan.history.map((entry) => entry.action)).toEqual(['granted']);
    expect(plan.history[0]?.before).toBeNull();
  });

  it('never dates a change before the previous one and handles a missing version', () => {
    const later = '2026-03-01T12:00:05.000Z';
    const plan = planGrant({
      connection: connection([], { statusChangedAt: later, statusVersion: undefined as unknown as number }),
      change,
      variant: pro,
      caller,
      now,
      newLicense,
    });
    expect(plan).toMatchObject({ at: later, expectedVersion: undefined, nextVersion: 1 });
  });
});

describe('planning a revoke', () => {
  it('is nothing to do when no license is active (lapsed ones do not count)', () => {
    expect(planRevoke({ connection: connection([]), caller, now })).toBeUndefined();
    expect(planRevoke({ connection: connection([summary('pro', 'var_pro', '2026-01-01T00:00:00.000Z')]), caller, now })).toBeUndefined();
  });

  it('ends every active license with one history entry each', () => {
    const plan = planRevoke({ connection: connection([summary('pro', 'var_pro'), summary('old', 'var_old', '2020-01-01T00:00:00.000Z')]), caller, now });
    expect(plan?.syncedStatuses).toEqual([]);
    expect(plan?.ended.map((ended) => [ended.summary.licenseId, ended.reason])).toEqual([
      ['pro', 'revoked'],
      ['old', 'lapsed'],
    ]);
    expect(plan?.history.map((entry) => [entry.action, entry.status, entry.before, entry.after, entry.by])).toEqual([
      ['revoked', 'PRO', 'PRO', null, caller],
    ]);
  });
});
