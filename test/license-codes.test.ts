import { createHash } from 'node:crypto';
import { keys } from '../lib/entities/keys.js';
import { licenseCodeShard, licenseCodeShards } from '../lib/entities/license-code.js';
import { update } from '../lib/db/operations.js';
import { callerScope } from '../lib/http/idempotency.js';
import { useClock } from '../lib/clock.js';
import { normalizeCode } from '../lib/licenses/codes.js';
import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { basicAuth, createApplication, type CreatedTestApplication } from './support/applications.js';
import { api as callHandler } from './support/api.js';
import { startLocalApi, type HttpResult, type LocalApi } from './support/http.js';

/**
 * Issue 15: license codes, every rule through the local HTTP server. Time moves through
 * the injected clock (lib/clock.ts), never by waiting.
 */

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const codeFormat = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/;
const day = 24 * 3600 * 1000;

let api: LocalApi;
let admin: AdminSession;
let app: CreatedTestApplication;
let monthVariantId: string;
let lifetimeVariantId: string;

const appPath = (appId: string) => `/api/developer/applications/${appId}`;
const codesPath = (appId = app.appId) => `${appPath(appId)}/licenses/codes`;

interface Member {
  userId: number;
  globalId: string;
  headers: Record<string, string>;
}

async function createVariant(name: string, defaultDuration: string, target = app, headers = admin.headers): Promise<string> {
  const response = await api.call('POST', `${appPath(target.appId)}/licenses/variants`, { headers, body: { name, defaultDuration } });
  expect(response.status).toBe(201);
  return response.json.variant.variantId;
}

async function generate(body: Record<string, unknown>, appId = app.appId, headers = admin.headers): Promise<HttpResult> {
  return api.call('POST', codesPath(appId), { headers, body });
}

async function generateCodes(count: number, variantId = monthVariantId, extra: Record<string, unknown> = {}, appId = app.appId): Promise<string[]> {
  const response = await generate({ variantId, count, ...extra }, appId);
  expect(response.status).toBe(201);
  return response.json.codes.map((entry: { code: string }) => entry.code);
}

/** A new user with a member session of `target` (their connection is created by the login). */
async function newMember(target = app): Promise<Member> {
  const user = await registerUser();
  const session = await loginUser({ username: user.username, password: user.password, hostname: target.hostname });
  return { userId: user.userId, globalId: user.globalId, headers: { ...session.headers, 'x-spaaza-myprice-app-hostname': target.hostname } };
}

function redeem(member: Member, code: string, from = '127.0.0.2', extraHeaders: Record<string, string> = {}): Promise<HttpResult> {
  return api.call('POST', '/api/user/licenses/redeem', { headers: { ...member.headers, ...extraHeaders }, body: { code }, from });
}

async function inventory(query: Record<string, string> = {}, appId = app.appId): Promise<HttpResult> {
  return api.call('GET', codesPath(appId), { headers: admin.headers, query });
}

/** Every inventory entry of the app, following nextCursor. */
async function wholeInventory(query: Record<string, string> = {}, appId = app.appId): Promise<Array<Record<string, unknown>>> {
  const entries: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  do {
    const response = await inventory({ ...query, limit: '1000', ...(cursor ? { cursor } : {}) }, appId);
    expect(response.status).toBe(200);
    entries.push(...response.json.codes);
    cursor = response.json.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

async function entryOf(code: string): Promise<Record<string, unknown> | undefined> {
  return (await wholeInventory()).find((entry) => entry.code === code);
}

function importCsv(csv: string, variantId = monthVariantId, contentType = 'text/csv'): Promise<HttpResult> {
  return api.call('POST', `${codesPath()}/import`, {
    headers: { ...admin.headers, 'content-type': contentType },
    query: { variantId },
    body: csv,
  });
}

beforeAll(async () => {
  api = await startLocalApi();
  admin = await createAdminSession();
  app = await createApplication(admin.headers);
  monthVariantId = await createVariant('Gift month', 'MONTH');
  lifetimeVariantId = await createVariant('Partner lifetime', 'LIFETIME');
});
afterAll(() => api.close());
let restoreClock = () => {};
/** Moves the shared injected clock (lib/clock.ts) to `next`; undefined restores it. */
function setLicenseClock(next: (() => Date) | undefined): void {
  restoreClock();
  restoreClock = next ? useClock({ now: next }) : () => {};
}
afterEach(() => setLicenseClock(undefined));

describe('POST .../licenses/codes (generate)', () => {
  it('answers 201 with count UNUSED codes of 80 random bits in XXXX-XXXX-XXXX-XXXX groups', async () => {
    const response = await generate({ variantId: monthVariantId, count: 25, expiresAt: '2099-01-01T00:00:00+01:00' });
    expect(response.status).toBe(201);
    expect(response.json.ok).toBe(true);
    expect(response.json.count).toBe(25);
    expect(response.json.codes).toHaveLength(25);
    for (const entry of response.json.codes) {
      expect(entry).toEqual({
        licenseId: expect.any(String),
        code: expect.stringMatching(codeFormat),
        state: 'UNUSED',
        variantId: monthVariantId,
        expiresAt: '2098-12-31T23:00:00.000Z',
      });
    }
    expect(new Set(response.json.codes.map((entry: { code: string }) => entry.code)).size).toBe(25);
    const listed = await wholeInventory({ variantId: monthVariantId });
    for (const entry of response.json.codes) expect(listed.map((item) => item.code)).toContain(entry.code);
  });

  // The bulk tests use an app of their own, so the other tests' inventory reads stay small.
  it('generates 2000 codes in one request, in batches, all distinct and listed', async () => {
    const bulkApp = await createApplication(admin.headers);
    const variantId = await createVariant('Bulk', 'YEAR', bulkApp);
    const response = await generate({ variantId, count: 2000 }, bulkApp.appId);
    expect(response.status).toBe(201);
    expect(response.json.count).toBe(2000);
    expect(new Set(response.json.codes.map((entry: { code: string }) => entry.code)).size).toBe(2000);
    expect(response.json.codes.every((entry: { expiresAt: unknown }) => entry.expiresAt === null)).toBe(true);
    const stored = await wholeInventory({ variantId }, bulkApp.appId);
    expect(stored.map((entry) => entry.code).sort()).toEqual(response.json.codes.map((entry: { code: string }) => entry.code).sort());
  }, 60_000);

  // The maximum, through HTTP: it must answer within the request deadline (lib/request-context.ts).
  it('generates the maximum of 10000 codes in one request within its deadline, spread over the shards', async () => {
    const bulkApp = await createApplication(admin.headers);
    const variantId = await createVariant('Maximum', 'YEAR', bulkApp);
    const started = Date.now();
    const response = await generate({ variantId, count: 10_000 }, bulkApp.appId);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(201);
    const codes: string[] = response.json.codes.map((entry: { code: string }) => normalizeCode(entry.code));
    expect(new Set(codes).size).toBe(10_000);
    const perShard = new Map<number, number>();
    for (const code of codes) perShard.set(licenseCodeShard(code), (perShard.get(licenseCodeShard(code)) ?? 0) + 1);
    expect(perShard.size).toBe(licenseCodeShards);
    expect(await wholeInventory({ variantId }, bulkApp.appId)).toHaveLength(10_000);
    console.log(`generated 10000 codes through HTTP in ${elapsed} ms; per shard ${[...perShard.values()].join(' ')}`);
  }, 120_000);

  it.each([[0], [10_001], [-1], [1.5], ['5'], [null]])('refuses count %p with 400', async (count) => {
    const response = await generate({ variantId: monthVariantId, count });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ ok: false, error: 'invalid_request', issues: [expect.objectContaining({ path: 'count' })] });
  });

  it('refuses a past, zoneless or malformed expiresAt with 400', async () => {
    for (const expiresAt of ['2001-01-01T00:00:00Z', '2099-01-01T00:00:00', 'soon']) {
      const response = await generate({ variantId: monthVariantId, count: 1, expiresAt });
      expect(response.status).toBe(400);
      expect(response.json.issues[0].path).toBe('expiresAt');
    }
  });

  it('answers 404 for an unknown variant, another developer\'s app, and 401 without a session', async () => {
    expect((await generate({ variantId: 'var_0000000000000000', count: 1 })).status).toBe(404);
    const stranger = await createAdminSession();
    const response = await generate({ variantId: monthVariantId, count: 1 }, app.appId, stranger.headers);
    expect(response.status).toBe(404);
    expect(response.json.message).toBe('No such application');
    expect((await generate({ variantId: monthVariantId, count: 1 }, app.appId, {})).status).toBe(401);
  });

  // The generic Idempotency-Key layer (docs/architecture.md, Idempotency keys, lib/http/idempotency.ts) replays the stored answer.
  it('a retry with the same Idempotency-Key makes no second batch', async () => {
    const headers = { ...admin.headers, 'idempotency-key': 'generate-once-1' };
    const variantId = await createVariant('Idempotent', 'MONTH');
    const first = await api.call('POST', codesPath(), { headers, body: { variantId, count: 5 } });
    const second = await api.call('POST', codesPath(), { headers, body: { variantId, count: 5 } });
    expect(second.status).toBe(first.status);
    expect(second.json).toEqual(first.json);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await wholeInventory({ variantId })).toHaveLength(5);
  });
  it('a keyed retry after a lost answer makes the same codes, writes only the missing ones, and leaves a redeemed one ACTIVE', async () => {
    const key = 'generate-lost-answer-1';
    const headers = { ...admin.headers, 'idempotency-key': key };
    const variantId = await createVariant('Lost answer', 'MONTH');
    const first = await api.call('POST', codesPath(), { headers, body: { variantId, count: 30 } });
    expect(first.status).toBe(201);
    const [redeemedCode = ''] = first.json.codes.map((entry: { code: string }) => entry.code);
    expect((await redeem(await newMember(), redeemedCode, '127.0.0.70')).status).toBe(200);
    // What a lost answer (a 503 at the deadline, or an answer too large to store) leaves:
    // the record IN_PROGRESS with its lease over and the batch's seed committed in it.
    const scope = createHash('sha256')
      .update(JSON.stringify([callerScope({ userId: admin.userId }), 'POST', '/api/developer/applications/{appId}/licenses/codes', key]))
      .digest('hex');
    await update({
      Key: keys.idempotencyRecord(scope),
      UpdateExpression: 'SET #status = :inProgress, leaseEndsAt = :zero REMOVE #response',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':zero': 0 },
    });
    const retry = await api.call('POST', codesPath(), { headers, body: { variantId, count: 30 } });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.json.codes).toEqual(first.json.codes);
    const listed = await wholeInventory({ variantId });
    expect(listed).toHaveLength(30);
    expect(listed.find((entry) => entry.code === redeemedCode)?.state).toBe('ACTIVE');
  });
});

describe('POST .../licenses/codes/import (text/csv)', () => {
  it('imports the good lines and reports each bad one by line number', async () => {
    const [existing] = await generateCodes(1);
    const existingLoose = (existing ?? '').replace(/-/g, '').toLowerCase();
    const csv = [
      '\uFEFFcode,expiresAt',
      'PARTNER-0001-AAAA',
      'partner-0002-bbbb,2099-06-30T00:00:00Z',
      'short',
      'PARTNER0001AAAA',
      existingLoose,
      'PARTNER-0003-CCCC,yesterday',
      'PARTNER-0004-DDDD,2001-01-01T00:00:00Z',
      'a,b,c',
      '',
      '"PARTNER-0005-EEEE"',
    ].join('\r\n');
    const response = await importCsv(csv);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      imported: 3,
      errors: [
        { line: 4, message: expect.stringMatching(/letters or digits/) },
        { line: 5, message: 'duplicate of line 2' },
        { line: 6, message: expect.stringMatching(/already exists/) },
        { line: 7, message: expect.stringMatching(/ISO-8601/) },
        { line: 8, message: expect.stringMatching(/future/) },
        { line: 9, message: 'expected code[,expiresAt]' },
      ],
    });
    const listed = await wholeInventory();
    const imported = listed.filter((entry) => String(entry.code).startsWith('PARTNER-000'));
    expect(imported.map((entry) => entry.code).sort()).toEqual(['PARTNER-0001-AAAA', 'PARTNER-0002-BBBB', 'PARTNER-0005-EEEE']);
    expect(imported.find((entry) => entry.code === 'PARTNER-0002-BBBB')).toMatchObject({
      state: 'UNUSED',
      variantId: monthVariantId,
      owner: null,
      expiresAt: '2099-06-30T00:00:00.000Z',
      redeemedAt: null,
    });
    // The code that already existed is untouched (one item per line: never half-imported).
    expect(listed.filter((entry) => entry.code === existing)).toHaveLength(1);
  });

  it('imports every other line of a transaction when some codes already exist', async () => {
    const first = await importCsv('BATCH-0001-AAAA\nBATCH-0002-AAAA');
    expect(first.json).toMatchObject({ imported: 2, errors: [] });
    const lines = Array.from({ length: 150 }, (_, index) => `BATCH-${String(index).padStart(4, '0')}-AAAA`);
    const second = await importCsv(lines.join('\n'));
    expect(second.status).toBe(200);
    expect(second.json.imported).toBe(148);
    expect(second.json.errors).toEqual([
      { line: 2, message: expect.stringMatching(/already exists/) },
      { line: 3, message: expect.stringMatching(/already exists/) },
    ]);
    const batch = (await wholeInventory()).filter((entry) => String(entry.code).startsWith('BATCH-'));
    expect(batch).toHaveLength(150);
  });

  it("without a variantId imports into the application's only variant (and refuses while it has none)", async () => {
    const single = await createApplication(admin.headers);
    const post = (csv: string) => api.call('POST', `${codesPath(single.appId)}/import`, { headers: { ...admin.headers, 'content-type': 'text/csv' }, body: csv });
    const none = await post('SINGLE-0000-AAAA');
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ ok: false, error: 'invalid_request', issues: [{ path: 'variantId' }] });
    const onlyVariantId = await createVariant('Only', 'YEAR', single);
    const imported = await post('SINGLE-0001-BBBB');
    expect(imported.json).toEqual({ ok: true, imported: 1, errors: [] });
    const [entry] = (await api.call('GET', codesPath(single.appId), { headers: admin.headers })).json.codes;
    expect(entry).toMatchObject({ code: 'SINGLE-0001-BBBB', variantId: onlyVariantId, state: 'UNUSED' });
  });

  it('takes text/csv only (415 otherwise), needs a variantId when the app has several variants (400), of the caller (404)', async () => {
    const asJson = await api.call('POST', `${codesPath()}/import`, { headers: admin.headers, query: { variantId: monthVariantId }, body: { code: 'X' } });
    expect(asJson.status).toBe(415);
    expect(asJson.json).toMatchObject({ ok: false, error: 'unsupported_media_type' });
    const noVariant = await api.call('POST', `${codesPath()}/import`, { headers: { ...admin.headers, 'content-type': 'text/csv' }, body: 'ABCDEFGH1' });
    expect(noVariant.status).toBe(400);
    expect((await importCsv('ABCDEFGH2', 'var_0000000000000000')).status).toBe(404);
    expect((await importCsv('ABCDEFGH3', monthVariantId, 'text/csv; charset=utf-8')).json).toMatchObject({ imported: 1 });
    // The body limit is MAX_BODY_BYTES (32 KiB), as for every route and at the WAF.
    const tooLarge = await importCsv(Array.from({ length: 3000 }, (_, index) => `LARGE-${String(index).padStart(6, '0')}`).join('\n'));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toMatchObject({ ok: false, error: 'payload_too_large' });
  });
});

describe('GET .../licenses/codes (inventory)', () => {
  it('pages with limit and nextCursor (null on the last page) and filters by variant and state', async () => {
    const variantId = await createVariant('Paged', 'MONTH');
    const codes = await generateCodes(7, variantId);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await inventory({ variantId, limit: '3', ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      expect(response.json.codes.length).toBeLessThanOrEqual(3);
      for (const entry of response.json.codes) {
        expect(entry).toEqual({
          licenseId: expect.any(String),
          code: expect.stringMatching(codeFormat),
          state: 'UNUSED',
          variantId,
          owner: null,
          expiresAt: null,
          redeemedAt: null,
        });
        seen.push(entry.code);
      }
      cursor = response.json.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...codes].sort());
    expect((await wholeInventory({ variantId, state: 'ACTIVE' })).length).toBe(0);
    expect((await wholeInventory({ variantId, state: 'unused' })).length).toBe(7);
  });

  it.each([['limit', '0'], ['limit', '1001'], ['limit', 'ten'], ['state', 'USED'], ['cursor', 'not-a-cursor']])('refuses %s=%s with 400', async (name, value) => {
    const response = await inventory({ [name]: value });
    expect(response.status).toBe(400);
    expect(response.json.issues[0].path).toBe(name);
  });

  it('lists only the app\'s own codes, refuses a tampered cursor with 400 and another developer with 404', async () => {
    const otherApp = await createApplication(admin.headers);
    const otherVariant = await createVariant('Other', 'MONTH', otherApp);
    const foreign = await generateCodes(2, otherVariant, {}, otherApp.appId);
    const page = await inventory({ limit: '1' }, otherApp.appId);
    expect(page.json.codes).toHaveLength(1);
    expect(page.json.nextCursor).toEqual(expect.any(String));
    const rest = await inventory({ cursor: page.json.nextCursor }, otherApp.appId);
    expect([...page.json.codes, ...rest.json.codes].map((entry: { code: string }) => entry.code).sort()).toEqual([...foreign].sort());
    expect(rest.json.nextCursor).toBeNull();
    expect((await wholeInventory()).filter((entry) => foreign.includes(String(entry.code)))).toEqual([]);
    const tampered = Buffer.from(JSON.stringify({ after: 'CONN#AB1234' })).toString('base64url');
    expect((await inventory({ cursor: tampered })).status).toBe(400);
    const stranger = await createAdminSession();
    expect((await api.call('GET', codesPath(), { headers: stranger.headers })).status).toBe(404);
  });
});

describe('POST /api/user/licenses/redeem', () => {
  it('names the app by the hostname header as login does: an IDN sent in Unicode (Bücher.example) works at redeem too', async () => {
    const unicode = `Bücher-${Math.random().toString(16).slice(2, 10)}.Example`;
    const idnApp = await createApplication(admin.headers, { hostnames: [unicode] });
    const variantId = await createVariant('IDN month', 'MONTH', idnApp);
    const [code = ''] = await generateCodes(1, variantId, {}, idnApp.appId);
    const user = await registerUser();
    const session = await loginUser({ username: user.username, password: user.password, hostname: unicode });
    // Called at the handler, as API Gateway hands it a decoded header: Node's HTTP server (the
    // local one) reads header bytes as latin1, so a Unicode header cannot pass through it intact.
    const redeemAs = (hostnameHeaders: Record<string, string>, body: { code: string }) =>
      callHandler('POST', '/api/user/licenses/redeem', { headers: { ...session.headers, ...hostnameHeaders }, body });
    const response = await redeemAs({ 'x-spaaza-myprice-app-hostname': unicode }, { code });
    expect(response.status).toBe(200);
    expect(response.json.license).toMatchObject({ code, state: 'ACTIVE' });
    // the older header name, in another case, names the same app
    const [second = ''] = await generateCodes(1, variantId, {}, idnApp.appId);
    expect((await redeemAs({ 'x-myprice-app-hostname': unicode.toUpperCase() }, { code: second })).status).toBe(200);
    // and the stored (punycode) form through the local HTTP server
    const [third = ''] = await generateCodes(1, variantId, {}, idnApp.appId);
    const member: Member = { userId: user.userId, globalId: user.globalId, headers: { ...session.headers, 'x-spaaza-myprice-app-hostname': idnApp.hostname } };
    expect((await redeem(member, third, '127.0.0.71')).status).toBe(200);
  });

  it('makes the code ACTIVE for the caller\'s connection with the variant\'s default duration', async () => {
    const [code = ''] = await generateCodes(1);
    const member = await newMember();
    const before = Date.now();
    const response = await redeem(member, code.toLowerCase().replace(/-/g, ''));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      license: {
        licenseId: expect.any(String),
        code,
        state: 'ACTIVE',
        variant: { variantId: monthVariantId, name: 'Gift month' },
        expiresAt: expect.stringMatching(iso),
      },
    });
    const expiresIn = Date.parse(response.json.license.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(27 * day);
    expect(expiresIn).toBeLessThan(32 * day);
    const entry = await entryOf(code);
    expect(entry).toMatchObject({
      licenseId: response.json.license.licenseId,
      state: 'ACTIVE',
      owner: { globalId: member.globalId, connectionId: expect.any(String) },
      expiresAt: response.json.license.expiresAt,
      redeemedAt: expect.stringMatching(iso),
    });
    // A second redemption of the same code, by anyone, is a conflict.
    expect((await redeem(member, code)).status).toBe(409);
    expect((await redeem(await newMember(), code)).status).toBe(409);
  });

  it('gives the license the code\'s own expiresAt when it has one, and LIFETIME codes no expiry', async () => {
    const [dated = ''] = await generateCodes(1, lifetimeVariantId, { expiresAt: '2099-03-01T12:00:00Z' });
    const [lifetime = ''] = await generateCodes(1, lifetimeVariantId);
    const member = await newMember();
    expect((await redeem(member, dated)).json.license.expiresAt).toBe('2099-03-01T12:00:00.000Z');
    expect((await redeem(member, lifetime)).json.license.expiresAt).toBeNull();
  });

  it('answers an unknown code and another app\'s code with the same 404', async () => {
    const otherApp = await createApplication(admin.headers);
    const otherVariant = await createVariant('Elsewhere', 'MONTH', otherApp);
    const [foreign = ''] = await generateCodes(1, otherVariant, {}, otherApp.appId);
    const member = await newMember();
    const unknown = await redeem(member, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const other = await redeem(member, foreign);
    expect(unknown.status).toBe(404);
    expect(other.status).toBe(404);
    expect(other.json).toEqual(unknown.json);
    expect((await inventory({ limit: '1000' }, otherApp.appId)).json.codes[0]).toMatchObject({ code: foreign, state: 'UNUSED' });
  });

  it('is 401 without a session, with a wrong key, an admin session, or another app\'s hostname', async () => {
    const [code = ''] = await generateCodes(1);
    const member = await newMember();
    const cases: Array<Record<string, string>> = [
      {},
      { ...member.headers, 'x-spaaza-session-key': 'f'.repeat(64) },
      { ...member.headers, 'x-spaaza-myprice-app-hostname': '' },
      { ...member.headers, 'x-spaaza-myprice-app-hostname': 'unknown.example.com' },
      { ...admin.headers, 'x-spaaza-myprice-app-hostname': app.hostname },
    ];
    const otherApp = await createApplication(admin.headers);
    cases.push({ ...member.headers, 'x-spaaza-myprice-app-hostname': otherApp.hostname });
    for (const headers of cases) {
      const response = await api.call('POST', '/api/user/licenses/redeem', { headers, body: { code }, from: '127.0.0.9' });
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ ok: false, error: 'unauthorized' });
    }
    expect((await entryOf(code))?.state).toBe('UNUSED');
  });

  it('accepts X-Spaaza-Session-Username for the user id and X-MyPrice-App-Hostname for the hostname', async () => {
    const [first = '', second = ''] = await generateCodes(2);
    const user = await registerUser();
    const session = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const byUsername = {
      'x-spaaza-session-username': user.username.toUpperCase(),
      'x-spaaza-session-key': session.sessionKey,
      'x-spaaza-myprice-app-hostname': app.hostname,
    };
    const response = await api.call('POST', '/api/user/licenses/redeem', { headers: byUsername, body: { code: first }, from: '127.0.0.11' });
    expect(response.status).toBe(200);
    const olderHostname = { ...session.headers, 'x-myprice-app-hostname': app.hostname };
    const older = await api.call('POST', '/api/user/licenses/redeem', { headers: olderHostname, body: { code: second }, from: '127.0.0.11' });
    expect(older.status).toBe(200);
    const otherUser = await registerUser();
    const mismatched = { ...byUsername, 'x-spaaza-session-username': otherUser.username };
    expect((await api.call('POST', '/api/user/licenses/redeem', { headers: mismatched, body: { code: 'ANYCODE1' }, from: '127.0.0.11' })).status).toBe(401);
  });

  it('redeems a code exactly once under concurrent attempts: one 200, the losers 409', async () => {
    const [code = ''] = await generateCodes(1);
    const members = await Promise.all(Array.from({ length: 8 }, () => newMember()));
    const attempts = [...members, members[0] as Member, members[0] as Member].map((member, index) => redeem(member, code, `127.0.1.${index + 1}`));
    const results = await Promise.all(attempts);
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((result) => result.status === 200);
    const entry = await entryOf(code);
    expect(entry?.state).toBe('ACTIVE');
    expect(entry?.licenseId).toBe(winner?.json.license.licenseId);
    // Exactly one connection holds it.
    const users = await api.call('GET', `${appPath(app.appId)}/users`, { headers: admin.headers, query: { limit: '1000' } });
    const holders = users.json.users.filter((user: { redeemed: Array<{ code: string }> }) => user.redeemed.some((license) => license.code === code));
    expect(holders).toHaveLength(1);
  });
});

describe('redeem throttling per (user, source IP)', () => {
  it('after 10 failures the pair gets 429 with Retry-After, even for a good code; other IPs and users are unaffected', async () => {
    const [good = '', spare = ''] = await generateCodes(2);
    const member = await newMember();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await redeem(member, `WRONG-CODE-${attempt}`, '127.0.0.20')).status).toBe(404);
    }
    const blocked = await redeem(member, good, '127.0.0.20');
    expect(blocked.status).toBe(429);
    expect(blocked.json).toMatchObject({ ok: false, error: 'rate_limited' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);
    // X-Forwarded-For is not the source address.
    expect((await redeem(member, good, '127.0.0.20', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    // The same user from another address, and another user from this one, are served.
    expect((await redeem(member, good, '127.0.0.21')).status).toBe(200);
    expect((await redeem(await newMember(), spare, '127.0.0.20')).status).toBe(200);
    // The window passes: the pair is served again.
    const later = Date.now() + 901 * 1000;
    setLicenseClock(() => new Date(later));
    expect((await redeem(member, 'WRONG-CODE-X', '127.0.0.20')).status).toBe(404);
  });

  it('reserves before checking: 20 parallel wrong guesses check at most 10 codes', async () => {
    const member = await newMember();
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => redeem(member, `GUESS-${index}-XXXX`, '127.0.0.30')));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 404)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  });

  it('does not count successful redemptions', async () => {
    const codes = await generateCodes(12);
    const member = await newMember();
    for (const code of codes) expect((await redeem(member, code, '127.0.0.40')).status).toBe(200);
  });
});

describe('expiry, status reads, status sync and the developer list', () => {
  it('reads a code past its expiresAt as EXPIRED in the inventory, and it can no longer be redeemed', async () => {
    const variantId = await createVariant('Short lived', 'MONTH');
    const [code = ''] = await generateCodes(1, variantId, { expiresAt: new Date(Date.now() + 2 * day).toISOString() });
    expect((await wholeInventory({ variantId, state: 'UNUSED' })).map((entry) => entry.code)).toEqual([code]);
    const later = Date.now() + 3 * day;
    setLicenseClock(() => new Date(later));
    expect(await wholeInventory({ variantId, state: 'UNUSED' })).toEqual([]);
    expect((await wholeInventory({ variantId, state: 'EXPIRED' })).map((entry) => entry.code)).toEqual([code]);
    expect((await entryOf(code))?.state).toBe('EXPIRED');
    const response = await redeem(await newMember(), code, '127.0.0.50');
    expect(response.status).toBe(409);
  });

  it('status GET lists ACTIVE redeemed licenses, revoke leaves them, the developer list shows both kinds, expiry ends them everywhere', async () => {
    const member = await newMember();
    const [code = ''] = await generateCodes(1);
    const redeemed = await redeem(member, code, '127.0.0.60');
    expect(redeemed.status).toBe(200);
    const basic = basicAuth(app.appId, app.clientSecret);
    const statusPath = `/api/applications/${app.appId}/users/${member.globalId}/status`;

    const granted = await api.call('PATCH', statusPath, { headers: basic, body: { status: 'PRO', duration: 'YEAR' } });
    expect(granted.status).toBe(200);
    const status = await api.call('GET', statusPath, { headers: basic });
    expect(status.status).toBe(200);
    expect(status.json.status).toBe('PRO');
    expect(status.json.redeemed).toEqual([
      {
        licenseId: redeemed.json.license.licenseId,
        code,
        state: 'ACTIVE',
        variant: { variantId: monthVariantId, name: 'Gift month' },
        expiresAt: redeemed.json.license.expiresAt,
        redeemedAt: expect.stringMatching(iso),
      },
    ]);

    const users = await api.call('GET', `${appPath(app.appId)}/users`, { headers: admin.headers, query: { limit: '1000' } });
    const listed = users.json.users.find((user: { globalId: string }) => user.globalId === member.globalId);
    expect(listed.statuses).toEqual([expect.objectContaining({ status: 'PRO' })]);
    expect(listed.redeemed).toEqual([expect.objectContaining({ code, state: 'ACTIVE' })]);

    // Revoke ends synced statuses only ("remove all active synced statuses").
    const revoked = await api.call('PATCH', statusPath, { headers: basic, body: { revoke: true } });
    expect(revoked.json).toMatchObject({ action: 'revoked', revokedLicenseIds: [granted.json.license.licenseId] });
    const afterRevoke = await api.call('GET', statusPath, { headers: basic });
    expect(afterRevoke.json.status).toBeNull();
    expect(afterRevoke.json.redeemed).toHaveLength(1);
    expect((await entryOf(code))?.state).toBe('ACTIVE');

    // A redeemed license keeps its variant in use.
    expect((await api.call('DELETE', `${appPath(app.appId)}/licenses/variants/${monthVariantId}`, { headers: admin.headers })).status).toBe(409);

    // Past the license's expiry it is EXPIRED everywhere. The admin session has expired by
    // then too (sessions read the same clock): log in again, which replaces it for later tests.
    const later = Date.parse(redeemed.json.license.expiresAt) + 1000;
    setLicenseClock(() => new Date(later));
    admin = { ...admin, ...(await loginUser({ username: admin.username, password: admin.password })) };
    expect((await api.call('GET', statusPath, { headers: basic })).json.redeemed).toEqual([]);
    expect((await entryOf(code))?.state).toBe('EXPIRED');
    const usersLater = await api.call('GET', `${appPath(app.appId)}/users`, { headers: admin.headers, query: { limit: '1000' } });
    expect(usersLater.json.users.find((user: { globalId: string }) => user.globalId === member.globalId).redeemed).toEqual([]);
  });

  it('deactivating the connection ends its redeemed licenses and their codes', async () => {
    const member = await newMember();
    const [code = ''] = await generateCodes(1, lifetimeVariantId);
    expect((await redeem(member, code, '127.0.0.70')).status).toBe(200);
    const connectionId = (await entryOf(code))?.owner as { connectionId: string };
    const deleted = await api.call('DELETE', `${appPath(app.appId)}/users/${connectionId.connectionId}`, { headers: admin.headers });
    expect(deleted.status).toBe(200);
    expect((await entryOf(code))?.state).toBe('EXPIRED');
    const users = await api.call('GET', `${appPath(app.appId)}/users`, { headers: admin.headers, query: { limit: '1000' } });
    expect(users.json.users.find((user: { globalId: string }) => user.globalId === member.globalId).redeemed).toEqual([]);
  });
});
