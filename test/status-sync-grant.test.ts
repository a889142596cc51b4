import { manualClock, useClock } from '../lib/clock.js';
import { addCalendarMonths } from '../lib/licenses/time.js';
import { licenseCodePattern } from '../lib/licenses/identifiers.js';
import { api } from './support/api.js';
import {
  connectUser,
  createTestApp,
  getStatus,
  patchStatus,
  statusPath,
  storedConnection,
  storedHistory,
  storedLicenses,
  storedVariants,
  type TestApp,
} from './support/status-sync.js';

const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

describe('PATCH status: grant', () => {
  it('grants a new status with an auto-created variant (seed §2 example)', async () => {
    const user = await connectUser(app);
    const response = await patchStatus(app, user.globalId, { status: 'PREMIUM', variantName: 'Premium', duration: 'YEAR' });
    expect(response.status).toBe(200);
    const before = Date.now();
    expect(response.json).toEqual({
      ok: true,
      action: 'granted',
      connectionId: expect.any(String),
      globalId: user.globalId,
      status: 'PREMIUM',
      variant: { variantId: expect.stringMatching(/^var_/), name: 'Premium', defaultDuration: 'YEAR', created: true },
      license: {
        licenseId: expect.any(String),
        code: expect.stringMatching(licenseCodePattern),
        state: 'ACTIVE',
        duration: 'YEAR',
        expiresAt: expect.stringMatching(isoMillis),
        reused: false,
      },
      supersededLicenseIds: [],
    });
    // now + 1 calendar year (computed by the server a moment earlier)
    const expected = addCalendarMonths(new Date(before), 12).getTime();
    expect(Math.abs(Date.parse(response.json.license.expiresAt) - expected)).toBeLessThan(60_000);

    const connection = await storedConnection(app.appId, user.globalId);
    expect(connection?.connectionId).toBe(response.json.connectionId);
    expect(connection?.statusVersion).toBe(1);
    expect(connection?.syncedStatuses).toEqual([
      expect.objectContaining({ status: 'PREMIUM', licenseId: response.json.license.licenseId, variantName: 'Premium' }),
    ]);
    const [license] = await storedLicenses(app.appId, user.globalId);
    expect(license).toMatchObject({
      state: 'ACTIVE',
      code: response.json.license.code,
      variantId: response.json.variant.variantId,
      gsi1pk: `VARIANT#${response.json.variant.variantId}`,
      gsi1sk: `LICENSE#${response.json.license.licenseId}`,
    });
  });

  it('follows the seed §4 example (PRO / Pro / MONTH): expiry is now + 1 calendar month', async () => {
    const user = await connectUser(app);
    const before = new Date();
    const response = await patchStatus(app, user.globalId, { status: 'PRO', variantName: 'Pro', duration: 'MONTH' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ action: 'granted', status: 'PRO', variant: { name: 'Pro', defaultDuration: 'MONTH' } });
    const expected = addCalendarMonths(before, 1).getTime();
    expect(Date.parse(response.json.license.expiresAt) - expected).toBeGreaterThanOrEqual(0);
    expect(Date.parse(response.json.license.expiresAt) - expected).toBeLessThan(60_000);
  });

  it('normalizes the status, uses it as the variant name, and defaults to LIFETIME without expiry', async () => {
    const user = await connectUser(app);
    const response = await patchStatus(app, user.globalId, { status: '  gold   plan ' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      status: 'GOLD_PLAN',
      variant: { name: 'GOLD_PLAN', defaultDuration: 'LIFETIME', created: true },
      license: { duration: 'LIFETIME', expiresAt: null, state: 'ACTIVE' },
    });
  });

  it('finds an existing variant by name case-insensitively instead of creating another', async () => {
    const first = await connectUser(app);
    const second = await connectUser(app);
    const created = await patchStatus(app, first.globalId, { status: 'TEAM', variantName: 'Team Plan', duration: 'year' });
    const found = await patchStatus(app, second.globalId, { status: 'team', variantName: 'TEAM PLAN', duration: 'MONTH' });
    expect(created.json.variant).toMatchObject({ name: 'Team Plan', created: true, defaultDuration: 'YEAR' });
    expect(found.json.variant).toEqual({ ...created.json.variant, created: false });
    // the request's duration applies to the license, whatever the variant's default
    expect(found.json.license.duration).toBe('MONTH');
    const variants = (await storedVariants(app.appId)).filter((variant) => variant.name.toLowerCase() === 'team plan');
    expect(variants).toHaveLength(1);
  });

  it('reuses the active license of the same variant and refreshes its expiry and duration', async () => {
    const user = await connectUser(app);
    const granted = await patchStatus(app, user.globalId, { status: 'PLUS', duration: 'MONTH' });
    const refreshed = await patchStatus(app, user.globalId, { status: 'plus', duration: 'LIFETIME' });
    expect(refreshed.json).toMatchObject({
      action: 'granted',
      status: 'PLUS',
      variant: { variantId: granted.json.variant.variantId, created: false },
      license: {
        licenseId: granted.json.license.licenseId,
        code: granted.json.license.code,
        duration: 'LIFETIME',
        expiresAt: null,
        reused: true,
      },
      supersededLicenseIds: [],
    });
    const licenses = await storedLicenses(app.appId, user.globalId);
    expect(licenses).toHaveLength(1);
    expect(licenses[0]).toMatchObject({ state: 'ACTIVE', duration: 'LIFETIME', expiresAt: null, refreshedAt: expect.stringMatching(isoMillis) });
    expect((await storedConnection(app.appId, user.globalId))?.statusVersion).toBe(2);
  });

  it('supersedes the active license of another variant: one ACTIVE synced license remains', async () => {
    const user = await connectUser(app);
    const basic = await patchStatus(app, user.globalId, { status: 'BASIC' });
    const pro = await patchStatus(app, user.globalId, { status: 'PRO', variantName: 'Pro', duration: 'YEAR' });
    expect(pro.json.license.reused).toBe(false);
    expect(pro.json.supersededLicenseIds).toEqual([basic.json.license.licenseId]);

    const licenses = await storedLicenses(app.appId, user.globalId);
    const old = licenses.find((license) => license.licenseId === basic.json.license.licenseId);
    expect(old).toMatchObject({ state: 'EXPIRED', endReason: 'superseded', endedAt: expect.stringMatching(isoMillis) });
    expect(old?.gsi1pk).toBeUndefined();
    expect(old?.gsi1sk).toBeUndefined();
    expect(licenses.filter((license) => license.state === 'ACTIVE').map((license) => license.licenseId)).toEqual([
      pro.json.license.licenseId,
    ]);

    const status = await getStatus(app, user.globalId);
    expect(status.json.history.map((entry: { action: string }) => entry.action)).toEqual(['granted', 'superseded', 'granted']);
  });

  it('lets an expiresAt timestamp override the duration and null mean no expiry', async () => {
    const user = await connectUser(app);
    const override = await patchStatus(app, user.globalId, { status: 'PRO', duration: 'MONTH', expiresAt: '2099-06-30T23:00:00+02:00' });
    expect(override.json.license).toMatchObject({ duration: 'MONTH', expiresAt: '2099-06-30T21:00:00.000Z' });
    const never = await patchStatus(app, user.globalId, { status: 'PRO', duration: 'YEAR', expiresAt: null });
    expect(never.json.license).toMatchObject({ duration: 'YEAR', expiresAt: null, reused: true });
  });

  it('refuses a form-encoded body with 415: the /api routes take JSON (issue 21, no silent field-by-field reading)', async () => {
    const user = await connectUser(app);
    const response = await patchStatus(app, user.globalId, { status: 'form plan', duration: 'month' }, { form: true });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({ ok: false, error: 'unsupported_media_type' });
    const revoked = await patchStatus(app, user.globalId, { revoke: 'true' });
    expect(revoked.json.action).toBe('unchanged');
  });
});

describe('PATCH status: revoke', () => {
  it('revokes every active synced license and reports their ids', async () => {
    const user = await connectUser(app);
    const granted = await patchStatus(app, user.globalId, { status: 'PRO' });
    const response = await patchStatus(app, user.globalId, { revoke: true });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      action: 'revoked',
      connectionId: granted.json.connectionId,
      globalId: user.globalId,
      revokedLicenseIds: [granted.json.license.licenseId],
    });
    const [license] = await storedLicenses(app.appId, user.globalId);
    expect(license).toMatchObject({ state: 'EXPIRED', endReason: 'revoked' });
    expect(license?.gsi1pk).toBeUndefined();
    const connection = await storedConnection(app.appId, user.globalId);
    expect(connection).toMatchObject({ syncedStatuses: [], statusVersion: 2 });
  });

  it.each(['FREE', 'none', ' Inactive ', 'revoked'])('revokes on the status keyword %p', async (keyword) => {
    const user = await connectUser(app);
    const granted = await patchStatus(app, user.globalId, { status: 'PRO' });
    const response = await patchStatus(app, user.globalId, { status: keyword });
    expect(response.json).toMatchObject({ action: 'revoked', revokedLicenseIds: [granted.json.license.licenseId] });
  });

  it('answers unchanged, and writes nothing, when nothing was active', async () => {
    const user = await connectUser(app);
    const response = await patchStatus(app, user.globalId, { revoke: true });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, action: 'unchanged', connectionId: expect.any(String), globalId: user.globalId });
    await patchStatus(app, user.globalId, { status: 'PRO' });
    await patchStatus(app, user.globalId, { status: 'FREE' });
    const again = await patchStatus(app, user.globalId, { status: 'FREE' });
    expect(again.json.action).toBe('unchanged');
    expect((await storedConnection(app.appId, user.globalId))?.statusVersion).toBe(2);
    expect(await storedHistory(app.appId, user.globalId)).toHaveLength(2);
  });

  it('treats a license whose expiresAt has passed as not active', async () => {
    const user = await connectUser(app);
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const granted = await patchStatus(app, user.globalId, { status: 'TRIAL', expiresAt: soon });
    expect(granted.json.license.expiresAt).toBe(soon);
    // An hour and a minute later, on the injected clock (no waiting).
    const restore = useClock(manualClock(new Date(Date.parse(soon) + 60_000)));
    try {

    expect((await getStatus(app, user.globalId)).json).toMatchObject({ status: null, license: null });
    expect((await patchStatus(app, user.globalId, { revoke: true })).json.action).toBe('unchanged');

    // A new grant of the same variant issues a new license; the lapsed one is closed without a history entry.
    const regranted = await patchStatus(app, user.globalId, { status: 'TRIAL' });
    expect(regranted.json.license).toMatchObject({ reused: false });
    expect(regranted.json.license.licenseId).not.toBe(granted.json.license.licenseId);
    expect(regranted.json.supersededLicenseIds).toEqual([]);
    const lapsed = (await storedLicenses(app.appId, user.globalId)).find((license) => license.licenseId === granted.json.license.licenseId);
    expect(lapsed).toMatchObject({ state: 'EXPIRED', endReason: 'lapsed' });
    expect((await storedHistory(app.appId, user.globalId)).map((entry) => entry.action)).toEqual(['granted', 'granted']);
    } finally {
      restore();
    }
  });
});

describe('PATCH status: invalid payloads (400)', () => {
  let globalId: string;
  beforeAll(async () => {
    globalId = (await connectUser(app)).globalId;
  });

  const cases: [string, unknown, string][] = [
    ['neither status nor revoke', {}, 'status'],
    ['revoke false without status', { revoke: false }, 'status'],
    ['an empty status', { status: '   ' }, 'status'],
    ['a non-string status', { status: 42 }, 'status'],
    ['a non-boolean revoke', { revoke: 'yes' }, 'revoke'],
    ['an unknown duration', { status: 'PRO', duration: 'WEEK' }, 'duration'],
    ['a past expiresAt', { status: 'PRO', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['a zoneless expiresAt', { status: 'PRO', expiresAt: '2099-01-01T00:00:00' }, 'expiresAt'],
    ['a malformed expiresAt', { status: 'PRO', expiresAt: 'tomorrow' }, 'expiresAt'],
    ['an empty variantName', { status: 'PRO', variantName: '' }, 'variantName'],
  ];

  it.each(cases)('refuses %s', async (_what, body, path) => {
    const response = await patchStatus(app, globalId, body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ ok: false, error: 'invalid_request', message: expect.any(String), issues: expect.any(Array) });
    expect(response.json.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('refuses malformed JSON, a non-object body and a wrong content type', async () => {
    const headers = { ...app.auth, 'content-type': 'application/json' };
    const malformed = await api('PATCH', statusPath(app.appId, globalId), { headers, body: '{"status": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toBe('invalid_request');
    const array = await api('PATCH', statusPath(app.appId, globalId), { headers, body: '["PRO"]' });
    expect(array.status).toBe(400);
    const text = await api('PATCH', statusPath(app.appId, globalId), { headers: { ...app.auth, 'content-type': 'text/plain' }, body: 'PRO' });
    expect(text.status).toBe(415);
    expect(text.json.error).toBe('unsupported_media_type');
  });

  it('changed nothing', async () => {
    expect((await storedConnection(app.appId, globalId))?.statusVersion).toBe(0);
  });
});

describe('unknown, disconnected and malformed users (404)', () => {
  const expectNotFound = (response: { status: number; json: unknown }) => {
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ ok: false, error: 'not_found', message: expect.any(String) });
  };

  it('answers 404 for a user who never connected to this app, on PATCH and GET', async () => {
    const otherApp = await createTestApp(app.owner);
    const stranger = await connectUser(otherApp);
    expectNotFound(await patchStatus(app, stranger.globalId, { status: 'PRO' }));
    expectNotFound(await patchStatus(app, stranger.globalId, { revoke: true }));
    expectNotFound(await getStatus(app, stranger.globalId));
    expectNotFound(await patchStatus(app, 'ZZ9999', { status: 'PRO' }));
  });

  it.each(['ab1234', 'ABC123', 'AB12345', 'AB%2F1234', '1234AB'])('answers 404 (not 400) for the malformed globalId %p', async (globalId) => {
    expectNotFound(await patchStatus(app, globalId, { status: 'PRO' }));
    expectNotFound(await getStatus(app, globalId));
  });

  it('answers 404 for a deactivated connection; history is kept and a new login reactivates it', async () => {
    const user = await connectUser(app);
    const granted = await patchStatus(app, user.globalId, { status: 'PRO' });
    const deleted = await api('DELETE', `/api/developer/applications/${app.appId}/users/${granted.json.connectionId}`, {
      headers: app.owner.headers,
    });
    expect(deleted.status).toBe(200);
    expectNotFound(await patchStatus(app, user.globalId, { status: 'PRO' }));
    expectNotFound(await patchStatus(app, user.globalId, { revoke: true }));
    expectNotFound(await getStatus(app, user.globalId));

    const { loginUser } = await import('./support/accounts.js');
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const status = await getStatus(app, user.globalId);
    expect(status.json).toMatchObject({ status: null, license: null });
    // The grant, and the deletion's `revoked` entry by the developer (docs/api.md, Developer).
    expect(status.json.history).toHaveLength(2);
    expect(status.json.history[0]).toMatchObject({ action: 'revoked', status: 'PRO', by: { userId: expect.any(Number) } });
    const regranted = await patchStatus(app, user.globalId, { status: 'PRO' });
    expect(regranted.json.license.reused).toBe(false);
  });
});

describe('GET status', () => {
  it('returns the current status, its license and the history newest first with who made each change', async () => {
    const user = await connectUser(app);
    const empty = await getStatus(app, user.globalId);
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({ ok: true, connectionId: expect.any(String), globalId: user.globalId, status: null, license: null, history: [], redeemed: [] });

    const basic = await patchStatus(app, user.globalId, { status: 'BASIC', duration: 'MONTH' });
    const pro = await patchStatus(app, user.globalId, { status: 'PRO', variantName: 'Pro' });
    const status = await getStatus(app, user.globalId);
    expect(status.json).toEqual({
      ok: true,
      connectionId: pro.json.connectionId,
      globalId: user.globalId,
      status: 'PRO',
      license: {
        licenseId: pro.json.license.licenseId,
        code: pro.json.license.code,
        state: 'ACTIVE',
        duration: 'LIFETIME',
        expiresAt: null,
        activatedAt: expect.stringMatching(isoMillis),
        variant: { variantId: pro.json.variant.variantId, name: 'Pro' },
      },
      history: [
        { at: expect.stringMatching(isoMillis), action: 'granted', status: 'PRO', licenseId: pro.json.license.licenseId, by: { clientId: app.appId, secretId: app.secretId } },
        { at: expect.stringMatching(isoMillis), action: 'superseded', status: 'BASIC', licenseId: basic.json.license.licenseId, by: { clientId: app.appId, secretId: app.secretId } },
        { at: expect.stringMatching(isoMillis), action: 'granted', status: 'BASIC', licenseId: basic.json.license.licenseId, by: { clientId: app.appId, secretId: app.secretId } },
      ],
      redeemed: [],
    });
    const [newest, superseded, oldest] = status.json.history;
    expect(newest.at).toBe(superseded.at);
    expect(oldest.at <= superseded.at).toBe(true);

    await patchStatus(app, user.globalId, { status: 'PRO', variantName: 'pro' });
    await patchStatus(app, user.globalId, { revoke: true });
    const after = await getStatus(app, user.globalId);
    expect(after.json).toMatchObject({ status: null, license: null });
    expect(after.json.history.slice(0, 2).map((entry: { action: string }) => entry.action)).toEqual(['revoked', 'refreshed']);

    const stored = await storedHistory(app.appId, user.globalId);
    expect(stored.find((entry) => entry.action === 'revoked')).toMatchObject({ before: 'PRO', after: null, statusVersion: 4 });
  });

  it('returns at most the 50 newest history entries', async () => {
    const user = await connectUser(app);
    for (let index = 0; index < 27; index += 1) {
      await patchStatus(app, user.globalId, { status: index % 2 === 0 ? 'EVEN' : 'ODD' });
    }
    // 27 grants: the first writes 1 entry, each later one 2 (granted + superseded) = 53 entries
    expect(await storedHistory(app.appId, user.globalId)).toHaveLength(53);
    const status = await getStatus(app, user.globalId);
    expect(status.json.history).toHaveLength(50);
    expect(status.json.history[0]).toMatchObject({ action: 'granted', status: 'EVEN' });
    const times = status.json.history.map((entry: { at: string }) => entry.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(status.json.status).toBe('EVEN');
  });
});
