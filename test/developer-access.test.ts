import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import type { ConnectionItem } from '../lib/entities/connection.js';
import { keys } from '../lib/entities/keys.js';
import { loadActiveClientSecrets } from '../lib/applications/client-secrets.js';
import { getVariant } from '../lib/variants/repository.js';
import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication, type CreatedTestApplication } from './support/applications.js';

/**
 * Authentication, the contract's check order, and ownership for every route of
 * docs/api.md, Developer: someone else's application is answered exactly like a missing one.
 */
let owner: AdminSession;
let stranger: AdminSession;
let app: CreatedTestApplication;
let variantId: string;
let connectionId: string;

beforeAll(async () => {
  [owner, stranger] = await Promise.all([createAdminSession(), createAdminSession()]);
  app = await createApplication(owner.headers);
  const variant = await api('POST', `/api/developer/applications/${app.appId}/licenses/variants`, {
    headers: owner.headers,
    body: { name: 'Pro' },
  });
  variantId = variant.json.variant.variantId;
  const member = await registerUser();
  await loginUser({ username: member.username, password: member.password, hostname: app.hostname });
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(app.appId, member.globalId) }));
  connectionId = (Item as ConnectionItem).connectionId;
});

interface RouteCall {
  name: string;
  method: string;
  path: (appId: string) => string;
  body?: Record<string, unknown>;
}

const base = (appId: string) => `/api/developer/applications/${appId}`;

const appRoutes: RouteCall[] = [
  { name: ':appId', method: 'GET', path: base },
  { name: ':appId/client-secrets', method: 'POST', path: (appId) => `${base(appId)}/client-secrets` },
  { name: ':appId/client-secrets/:secretId', method: 'DELETE', path: (appId) => `${base(appId)}/client-secrets/${app.secretId}` },
  { name: ':appId/licenses/variants', method: 'GET', path: (appId) => `${base(appId)}/licenses/variants` },
  { name: ':appId/licenses/variants', method: 'POST', path: (appId) => `${base(appId)}/licenses/variants`, body: { name: 'Stolen' } },
  { name: ':appId/licenses/variants/:variantId', method: 'PATCH', path: (appId) => `${base(appId)}/licenses/variants/${variantId}`, body: { name: 'Renamed' } },
  { name: ':appId/licenses/variants/:variantId', method: 'DELETE', path: (appId) => `${base(appId)}/licenses/variants/${variantId}` },
  { name: ':appId/users', method: 'GET', path: (appId) => `${base(appId)}/users` },
  { name: ':appId/users/:connectionId', method: 'DELETE', path: (appId) => `${base(appId)}/users/${connectionId}` },
  { name: ':appId/status-sync-api/test', method: 'POST', path: (appId) => `${base(appId)}/status-sync-api/test` },
  { name: ':appId/current-logins-sync-api/test', method: 'POST', path: (appId) => `${base(appId)}/current-logins-sync-api/test` },
];

const allRoutes: RouteCall[] = [
  { name: '/api/developer/applications', method: 'POST', path: () => '/api/developer/applications', body: { name: 'X', hostnames: ['x.example.com'] } },
  { name: '/api/developer/applications', method: 'GET', path: () => '/api/developer/applications' },
  ...appRoutes,
];

const unauthorized = { ok: false, error: 'unauthorized', message: expect.any(String) };
const label = (route: RouteCall) => `${route.method} ${route.name}`;

describe('authentication', () => {
  it.each(allRoutes.map((route) => [label(route), route] as const))('%s without a session is 401 unauthorized', async (_label, route) => {
    const response = await api(route.method, route.path(app.appId), { body: route.body });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(unauthorized);
  });

  it.each(allRoutes.map((route) => [label(route), route] as const))(
    '%s checks authentication before content type and parsing',
    async (_label, route) => {
      const wrongType = await api(route.method, route.path(app.appId), { body: 'name=x', headers: { 'content-type': 'text/plain' } });
      expect(wrongType.status).toBe(401);
      const malformed = await api(route.method, route.path(app.appId), { body: '{nope', headers: { 'content-type': 'application/json' } });
      expect(malformed.status).toBe(401);
    },
  );

  it('refuses a wrong key, a malformed header pair and a member session with the same 401', async () => {
    const member = await registerUser();
    const memberSession = await loginUser({ username: member.username, password: member.password, hostname: app.hostname });
    const attempts: Array<Record<string, string>> = [
      { 'x-spaaza-session-user-id': String(owner.userId), 'x-spaaza-session-key': 'f'.repeat(64) },
      { 'x-spaaza-session-user-id': 'abc', 'x-spaaza-session-key': owner.sessionKey },
      { 'x-spaaza-session-user-id': String(owner.userId) },
      { 'x-spaaza-session-user-id': String(stranger.userId), 'x-spaaza-session-key': owner.sessionKey },
      memberSession.headers,
    ];
    for (const headers of attempts) {
      const response = await api('GET', '/api/developer/applications', { headers });
      expect(response.status).toBe(401);
      expect(response.json).toEqual(unauthorized);
    }
  });

  it('accepts the admin session cookie that /auth/login sets', async () => {
    // A new admin login replaces the owner's previous admin session.
    const login = await loginUser({ username: owner.username, password: owner.password });
    owner = { ...owner, sessionKey: login.sessionKey, headers: login.headers };
    expect(login.cookie).toBeDefined();
    const cookie = String(login.cookie).split(';')[0] ?? '';
    const response = await api('GET', `/api/developer/applications/${app.appId}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.json.application.appId).toBe(app.appId);
  });

  it('ignores a client-supplied internal identity header', async () => {
    const response = await api('GET', '/api/developer/applications', {
      headers: { 'x-signet-internal-admin-identity': 'forged' },
    });
    expect(response.status).toBe(401);
  });
});

describe('check order after authentication', () => {
  it('answers a wrong content type with 415 and malformed JSON with 400', async () => {
    const path = `${base(app.appId)}/licenses/variants`;
    const wrongType = await api('POST', path, { headers: { ...owner.headers, 'content-type': 'text/plain' }, body: 'name=x' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.error).toBe('unsupported_media_type');
    const malformed = await api('POST', path, { headers: { ...owner.headers, 'content-type': 'application/json' }, body: '{nope' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toBe('invalid_request');
    const array = await api('POST', path, { headers: { ...owner.headers, 'content-type': 'application/json' }, body: '[1]' });
    expect(array.status).toBe(400);
  });

  it('validates before checking existence (400 for a bad body on an unknown app)', async () => {
    const response = await api('POST', `${base('app_00000000000000000000')}/licenses/variants`, { headers: owner.headers, body: {} });
    expect(response.status).toBe(400);
  });

  it('answers an unknown method on a developer path with 405', async () => {
    const response = await api('PUT', base(app.appId), { headers: owner.headers });
    expect(response.status).toBe(405);
    expect(response.json.error).toBe('method_not_allowed');
  });
});

describe('ownership', () => {
  it.each(appRoutes.map((route) => [label(route), route] as const))(
    "%s answers someone else's app exactly like an unknown one (404)",
    async (_label, route) => {
      const foreign = await api(route.method, route.path(app.appId), { headers: stranger.headers, body: route.body });
      const missing = await api(route.method, route.path('app_00000000000000000000'), { headers: stranger.headers, body: route.body });
      expect(foreign.status).toBe(404);
      expect(foreign.json).toEqual({ ok: false, error: 'not_found', message: 'No such application' });
      expect(foreign.json).toEqual(missing.json);
      expect(foreign.status).toBe(missing.status);
    },
  );

  it("left the owner's app untouched", async () => {
    expect((await loadActiveClientSecrets(app.appId)).map((secret) => secret.secretId)).toEqual([app.secretId]);
    expect((await getVariant(app.appId, variantId))?.name).toBe('Pro');
    const users = await api('GET', `${base(app.appId)}/users`, { headers: owner.headers });
    expect(users.json.users).toContainEqual(expect.objectContaining({ id: connectionId, active: true }));
    const list = await api('GET', '/api/developer/applications', { headers: stranger.headers });
    expect(list.json.applications).toEqual([]);
  });
});
