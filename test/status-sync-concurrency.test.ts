import { coldContainer } from './support/settings.js';
import type { ApiResult } from './support/api.js';
import {
  connectUser,
  createTestApp,
  getStatus,
  patchStatus,
  storedConnection,
  storedHistory,
  storedLicenses,
  storedVariants,
  type TestApp,
} from './support/status-sync.js';

/**
 * Many parallel status changes for ONE user must serialize through the connection's
 * statusVersion: afterwards at most one ACTIVE synced license, one variant per name,
 * statusVersion = number of committed changes, and a history that accounts for each.
 */

let app: TestApp;

beforeAll(async () => {
  // Race like separate Lambda containers: no in-process turns, only the conditional commit.
  process.env.WRITER_TURNS = 'off';
  coldContainer();
  app = await createTestApp();
});
afterAll(() => {
  delete process.env.WRITER_TURNS;
  coldContainer();
});

/** 64 requests: grants of several statuses (some naming one new variant in different cases), revokes, keyword revokes. */
function mixedBodies(): Record<string, unknown>[] {
  const shapes: Record<string, unknown>[] = [
    { status: 'PRO', variantName: 'Pro', duration: 'MONTH' },
    { status: 'basic' },
    { status: 'GOLD', variantName: 'Gold Plan', duration: 'YEAR' },
    { revoke: true },
    { status: 'gold', variantName: 'GOLD PLAN' },
    { status: 'PRO', variantName: 'pro', expiresAt: '2099-01-01T00:00:00Z' },
    { status: 'FREE' },
    { status: 'team plan', variantName: 'gold plan', duration: 'lifetime' },
  ];
  return Array.from({ length: 64 }, (_, index) => shapes[index % shapes.length] as Record<string, unknown>);
}

function entriesWritten(response: ApiResult): number {
  if (response.json.action === 'granted') return 1 + response.json.supersededLicenseIds.length;
  if (response.json.action === 'revoked') return response.json.revokedLicenseIds.length;
  return 0;
}

/** The invariants after any set of answered requests for one user. */
async function expectInvariants(globalId: string, responses: ApiResult[]): Promise<void> {
  const succeeded = responses.filter((response) => response.status === 200);
  const changes = succeeded.filter((response) => response.json.action !== 'unchanged');
  const connection = await storedConnection(app.appId, globalId);
  const licenses = await storedLicenses(app.appId, globalId);
  const history = await storedHistory(app.appId, globalId);
  const variants = await storedVariants(app.appId);

  // statusVersion counts exactly the committed changes; each has its own version in the history
  expect(connection?.statusVersion).toBe(changes.length);
  expect(new Set(history.map((entry) => entry.statusVersion))).toEqual(new Set(Array.from({ length: changes.length }, (_, index) => index + 1)));
  expect(history).toHaveLength(changes.reduce((sum, response) => sum + entriesWritten(response), 0));

  // at most one ACTIVE license, and it is the one the connection lists
  const active = licenses.filter((license) => license.state === 'ACTIVE');
  expect(active.length).toBeLessThanOrEqual(1);
  expect(connection?.syncedStatuses.map((summary) => summary.licenseId)).toEqual(active.map((license) => license.licenseId));
  for (const license of licenses) {
    if (license.state === 'ACTIVE') expect(license.gsi1pk).toBe(`VARIANT#${license.variantId}`);
    else expect(license.gsi1pk).toBeUndefined();
  }
  // every license a response superseded or revoked is EXPIRED
  const ended = changes.flatMap((response) => response.json.supersededLicenseIds ?? response.json.revokedLicenseIds ?? []);
  for (const licenseId of ended) expect(licenses.find((license) => license.licenseId === licenseId)?.state).toBe('EXPIRED');

  // one variant per name, and every grant naming it got that variant
  const names = variants.map((variant) => variant.name.toLowerCase());
  expect(new Set(names).size).toBe(names.length);
  const grants = changes.filter((response) => response.json.action === 'granted');
  for (const grant of grants) {
    const stored = variants.find((variant) => variant.name.toLowerCase() === grant.json.variant.name.toLowerCase());
    expect(stored?.variantId).toBe(grant.json.variant.variantId);
  }
  expect(grants.filter((grant) => grant.json.variant.name.toLowerCase() === 'gold plan' && grant.json.variant.created).length).toBeLessThanOrEqual(1);

  // the current state is that of the change with the highest version
  if (history.length === 0) return;
  const newestVersion = Math.max(...history.map((entry) => entry.statusVersion));
  const newest = history.filter((entry) => entry.statusVersion === newestVersion).sort((a, b) => b.entryId.localeCompare(a.entryId));
  const current = await getStatus(app, globalId);
  if (newest[0]?.action === 'revoked') {
    expect(current.json.status).toBeNull();
    expect(active).toHaveLength(0);
  } else {
    expect(current.json.status).toBe(newest[0]?.after);
    expect(active[0]?.licenseId).toBe(newest[0]?.licenseId);
  }
  expect(current.json.history[0].licenseId).toBe(newest[0]?.licenseId);
}

describe('concurrent status changes for one user', () => {
  it('keep every invariant under 64 parallel grants and revokes, and lose no update', async () => {
    const user = await connectUser(app);
    const bodies = mixedBodies();
    // Each request carries its own Idempotency-Key, as a billing backend's retries would.
    const keyOf = (index: number) => ({ headers: { 'idempotency-key': `${user.globalId}-${index}` } });
    const parallel = await Promise.all(bodies.map((body, index) => patchStatus(app, user.globalId, body, keyOf(index))));

    // Every request got a contract answer: its result, or (DynamoDB Local on a shared machine is
    // slow, and without in-process turns the writers race) 503 at the deadline: `not_applied`, or
    // `unknown` when its transaction was in flight then.
    for (const response of parallel) {
      expect([200, 503]).toContain(response.status);
      if (response.status === 503) {
        expect(response.json).toEqual({ ok: false, error: 'unavailable', message: expect.any(String), retryable: true, outcome: expect.stringMatching(/^(not_applied|unknown)$/) });
        expect(response.headers['retry-after']).toBe('1');
      }
    }
    expect(parallel.some((response) => response.status === 200)).toBe(true);
    // An `unknown` change may have committed after its answer: only the keyed retries below tell.
    if (!parallel.some((response) => response.status === 503 && response.json.outcome === 'unknown')) await expectInvariants(user.globalId, parallel);

    // A client retries each 503 with the same key: every change is then applied exactly once.
    const retried = [];
    for (const [index, response] of parallel.entries()) {
      if (response.status === 503) retried.push(await patchStatus(app, user.globalId, bodies[index], keyOf(index)));
    }
    for (const response of retried) expect(response.status).toBe(200);
    await expectInvariants(user.globalId, [...parallel, ...retried]);
  });

  it('creates one variant when many users are first granted one new name at once', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => connectUser(app)));
    const spellings = ['Launch Plan', 'LAUNCH PLAN', 'launch plan', ' Launch plan '];
    const responses = await Promise.all(
      users.map((user, index) => patchStatus(app, user.globalId, { status: 'LAUNCH', variantName: spellings[index % spellings.length] })),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const variantIds = new Set(responses.map((response) => response.json.variant.variantId));
    expect(variantIds.size).toBe(1);
    expect(responses.filter((response) => response.json.variant.created)).toHaveLength(1);
    const stored = (await storedVariants(app.appId)).filter((variant) => variant.name.toLowerCase() === 'launch plan');
    expect(stored).toHaveLength(1);
  });
});
