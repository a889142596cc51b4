import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { publicBaseUrl } from '../lib/applications/readiness.js';
import { config } from '../lib/config.js';
import { coldContainer } from './support/settings.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import type { ConnectionItem } from '../lib/entities/connection.js';
import { keys } from '../lib/entities/keys.js';
import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication } from './support/applications.js';

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

const statusSyncTest = (appId: string) => `/api/developer/applications/${appId}/status-sync-api/test`;
const currentLoginsTest = (appId: string) => `/api/developer/applications/${appId}/current-logins-sync-api/test`;

function check(name: string, ok: boolean) {
  return { name, ok, detail: expect.any(String) };
}

describe('POST .../status-sync-api/test (seed §7)', () => {
  it('reports the endpoint and real checks, turning ready once an active connection exists', async () => {
    const app = await createApplication(admin.headers);
    const before = await api('POST', statusSyncTest(app.appId), { headers: admin.headers });
    expect(before.status).toBe(200);
    expect(before.json).toEqual({
      ok: true,
      api: 'status-sync',
      ready: false,
      endpoint: {
        method: 'PATCH',
        path: '/api/applications/:appId/users/:globalId/status',
        url: `http://127.0.0.1:3000/api/applications/${app.appId}/users/{globalId}/status`,
        auth: 'basic',
        clientId: app.appId,
      },
      checks: [check('client_secret', true), check('active_connection', false), check('route_deployed', true)],
    });
    expect(before.json.checks[1].detail).toMatch(/No user has an active connection/);

    const member = await registerUser();
    await loginUser({ username: member.username, password: member.password, hostname: app.hostname });
    const after = await api('POST', statusSyncTest(app.appId), { headers: admin.headers });
    expect(after.json.ready).toBe(true);
    expect(after.json.checks).toEqual([check('client_secret', true), check('active_connection', true), check('route_deployed', true)]);
    expect(after.json.checks[0].detail).toBe('1 active client secret');

    // Deactivating the only connection makes it not ready again.
    const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(app.appId, member.globalId) }));
    const connectionId = (Item as ConnectionItem).connectionId;
    await api('DELETE', `/api/developer/applications/${app.appId}/users/${connectionId}`, { headers: admin.headers });
    const deactivated = await api('POST', statusSyncTest(app.appId), { headers: admin.headers });
    expect(deactivated.json.ready).toBe(false);
    expect(deactivated.json.checks[1]).toEqual(check('active_connection', false));
  });

  it('accepts an empty JSON body and ignores its fields', async () => {
    const app = await createApplication(admin.headers);
    const response = await api('POST', statusSyncTest(app.appId), { headers: admin.headers, body: {} });
    expect(response.status).toBe(200);
    expect(response.json.api).toBe('status-sync');
  });

  it('answers 404 for an unknown app', async () => {
    const response = await api('POST', statusSyncTest('app_00000000000000000000'), { headers: admin.headers });
    expect(response.status).toBe(404);
    expect(response.json.error).toBe('not_found');
  });
});

describe('POST .../current-logins-sync-api/test', () => {
  it('reports GET /api/applications/:appId/users in the same style', async () => {
    const app = await createApplication(admin.headers);
    const member = await registerUser();
    await loginUser({ username: member.username, password: member.password, hostname: app.hostname });
    const response = await api('POST', currentLoginsTest(app.appId), { headers: admin.headers });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      ok: true,
      api: 'current-logins',
      ready: true,
      endpoint: {
        method: 'GET',
        path: '/api/applications/:appId/users',
        url: `http://127.0.0.1:3000/api/applications/${app.appId}/users`,
        auth: 'basic',
        clientId: app.appId,
      },
      checks: [check('client_secret', true), check('active_connection', true), check('route_deployed', true)],
    });
  });
});

describe('public base URL', () => {
  const saved = { base: process.env.PUBLIC_BASE_URL, port: process.env.PORT };
  afterEach(() => {
    process.env.PUBLIC_BASE_URL = saved.base;
    if (saved.port === undefined) delete process.env.PORT;
    else process.env.PORT = saved.port;
    coldContainer();
  });

  it('defaults to http://127.0.0.1:<PORT> and drops a trailing slash', () => {
    delete process.env.PUBLIC_BASE_URL;
    process.env.PORT = '4567';
    coldContainer();
    expect(publicBaseUrl()).toBe('http://127.0.0.1:4567');
    process.env.PUBLIC_BASE_URL = 'https://api.example.com/prod/';
    coldContainer();
    expect(publicBaseUrl()).toBe('https://api.example.com/prod');
    expect(config().PORT).toBe(4567);
  });
});
