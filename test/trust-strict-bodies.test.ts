import { connectUser, createTestApp, statusPath, type TestApp } from './support/status-sync.js';
import { startLocalApi, type LocalApi } from './support/http.js';

/**
 * Issue 21, "silent defaults on typos": the /api JSON routes refuse unknown body fields
 * (400 invalid_request naming them) and bodies that are not JSON (415), through the local
 * server. The Spaaza-style /auth routes keep taking forms (docs/api.md, Sessions).
 */
let api: LocalApi;
let app: TestApp;
let globalId: string;

beforeAll(async () => {
  api = await startLocalApi();
  app = await createTestApp();
  globalId = (await connectUser(app)).globalId;
});
afterAll(() => api.close());

describe('strict bodies on /api', () => {
  it('answers 400 invalid_request naming an unknown field, and grants nothing', async () => {
    const typo = await api.call('PATCH', statusPath(app.appId, globalId), { headers: app.auth, body: { status: 'PRO', durration: 'MONTH' } });
    expect(typo.status).toBe(400);
    expect(typo.json).toMatchObject({ ok: false, error: 'invalid_request', message: expect.stringContaining('durration') });
    expect(typo.json.issues).toEqual([{ path: 'durration', message: expect.stringContaining('Unknown field') }]);
    const status = await api.call('GET', statusPath(app.appId, globalId), { headers: app.auth });
    expect(status.json).toMatchObject({ status: null, license: null, history: [] });
  });

  it('names every unknown field, on developer routes too', async () => {
    const created = await api.call('POST', `/api/developer/applications/${app.appId}/licenses/variants`, { headers: app.owner.headers, body: { name: 'Strict', defaultDuraton: 'MONTH', colour: 'red' } });
    expect(created.status).toBe(400);
    expect(created.json.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['colour', 'defaultDuraton']);
    expect(created.json.message).toBe('Unknown fields: defaultDuraton, colour');
  });

  it('answers 415 unsupported_media_type to a form or text body on an /api JSON route', async () => {
    const form = await api.call('PATCH', statusPath(app.appId, globalId), { headers: app.auth, form: true, body: { status: 'PRO' } });
    expect(form.status).toBe(415);
    expect(form.json).toMatchObject({ ok: false, error: 'unsupported_media_type', message: expect.stringContaining('application/json') });
    const text = await api.call('POST', '/api/developer/applications', { headers: { ...app.owner.headers, 'content-type': 'text/plain' }, body: 'name=Sneaky' });
    expect(text.status).toBe(415);
    expect(text.json.error).toBe('unsupported_media_type');
  });

  it('keeps the Spaaza-style /auth routes as they were: forms accepted, unknown fields ignored', async () => {
    const username = `strict-${Date.now()}@example.com`;
    const added = await api.call('POST', '/auth/add-user', { form: true, body: { username, password: 'correct horse battery', favourite_colour: 'red' } });
    expect(added.status).toBe(200);
  });
});
