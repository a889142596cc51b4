import { coldContainer } from './support/settings.js';
import { loginUser } from './support/accounts.js';
import { api } from './support/api.js';
import { connectUser, createTestApp, patchStatus, type TestApp } from './support/status-sync.js';

const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let app: TestApp;
const users: { globalId: string; username: string; password: string }[] = [];
let deactivatedGlobalId: string;

const list = (query: Record<string, string> = {}, target: TestApp = app) =>
  api('GET', `/api/applications/${target.appId}/users`, { headers: target.auth, query });

beforeAll(async () => {
  app = await createTestApp();
  users.push(await connectUser(app, { first_name: 'Ada', last_name: 'Lovelace' }));
  users.push(await connectUser(app, { first_name: 'Grace' }));
  users.push(await connectUser(app));
  const [ada] = users;
  if (!ada) throw new Error('no user');
  await loginUser({ username: ada.username, password: ada.password, hostname: app.hostname });
  const leaving = await connectUser(app);
  users.push(leaving);
  deactivatedGlobalId = leaving.globalId;
  const granted = await patchStatus(app, leaving.globalId, { status: 'PRO' });
  const deleted = await api('DELETE', `/api/developer/applications/${app.appId}/users/${granted.json.connectionId}`, { headers: app.owner.headers });
  if (deleted.status !== 200) throw new Error(`deactivate failed: ${deleted.status}`);
});

afterEach(() => {
  delete process.env.ALIAS_EMAIL_DOMAIN;
  coldContainer();
});

describe('GET /api/applications/:appId/users', () => {
  it('lists every connection of the app in the app-facing shape with total and no next page', async () => {
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, users: expect.any(Array), total: 4, nextCursor: null });
    const byId = new Map(response.json.users.map((user: { globalId: string }) => [user.globalId, user]));
    expect(byId.size).toBe(4);
    const [ada, grace, anonymous] = users;
    expect(byId.get(ada?.globalId)).toEqual({
      globalId: ada?.globalId,
      email: ada?.username,
      aliasEmail: null,
      displayName: 'Ada Lovelace',
      loginCount: 2,
      lastSession: expect.stringMatching(isoMillis),
      joinedAt: expect.stringMatching(isoMillis),
      isActive: true,
    });
    expect(byId.get(grace?.globalId)).toMatchObject({ displayName: 'Grace', loginCount: 1, isActive: true });
    expect(byId.get(anonymous?.globalId)).toMatchObject({ displayName: null, email: anonymous?.username });
    expect(byId.get(deactivatedGlobalId)).toMatchObject({ isActive: false });
  });

  it('pages with limit and the opaque cursor until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await list({ limit: '3', ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      expect(response.json.total).toBe(4);
      seen.push(...response.json.users.map((user: { globalId: string }) => user.globalId));
      cursor = response.json.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(2);
    expect([...seen].sort()).toEqual(users.map((user) => user.globalId).sort());
    expect((await list({ limit: '1000' })).json.users).toHaveLength(4);
  });

  it.each(['0', '1001', '-1', '1.5', 'ten', ''])('refuses limit=%p with 400', async (limit) => {
    const response = await list({ limit });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ ok: false, error: 'invalid_request', issues: [{ path: 'limit', message: expect.any(String) }] });
  });

  it('refuses a malformed cursor and another app\'s cursor with 400', async () => {
    expect((await list({ cursor: 'not a cursor' })).status).toBe(400);
    const other = await createTestApp(app.owner);
    await connectUser(other);
    await connectUser(other);
    const foreign = (await list({ limit: '1' }, other)).json.nextCursor;
    expect(typeof foreign).toBe('string');
    const response = await list({ cursor: foreign });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_request');
  });

  it('gives a stable per-connection aliasEmail when ALIAS_EMAIL_DOMAIN is set', async () => {
    process.env.ALIAS_EMAIL_DOMAIN = 'relay.example.com';
    coldContainer();
    const first = await list();
    const second = await list();
    const aliases = first.json.users.map((user: { aliasEmail: string }) => user.aliasEmail);
    expect(aliases.every((alias: string) => /^u[0-9a-f]{24}@relay\.example\.com$/.test(alias))).toBe(true);
    expect(new Set(aliases).size).toBe(aliases.length);
    expect(second.json.users.map((user: { aliasEmail: string }) => user.aliasEmail)).toEqual(aliases);
    for (const alias of aliases) expect(alias).not.toContain(users[0]?.username.split('@')[0]);

    // the same user connected to another app gets another alias there
    const other = await createTestApp(app.owner);
    const [ada] = users;
    if (!ada) throw new Error('no user');
    await loginUser({ username: ada.username, password: ada.password, hostname: other.hostname });
    const there = (await list({}, other)).json.users[0];
    const here = first.json.users.find((user: { globalId: string }) => user.globalId === ada.globalId);
    expect(there.globalId).toBe(ada.globalId);
    expect(there.aliasEmail).not.toBe(here.aliasEmail);
  });
});
