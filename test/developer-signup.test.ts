import { main, type CliIo } from '../scripts/signet.js';
import { registerUser, uniqueUsername } from './support/accounts.js';
import { uniqueHostname } from './support/applications.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { coldContainer } from './support/settings.js';

/** Issue 21: DEVELOPER_SIGNUP=closed (the deployed default), through the local server. */
process.env.DEVELOPER_SIGNUP = 'closed';
coldContainer();

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  api.call('POST', '/auth/login', { headers: { 'x-signet-portal': '1', ...headers }, body: { username, password } });

async function createAdmin(username: string, password: string): Promise<void> {
  const io: CliIo = { out: () => undefined, err: () => undefined };
  expect(await main(['create-admin', '--username', username, '--password', password], io)).toBe(0);
}

describe('DEVELOPER_SIGNUP=closed', () => {
  it('an ordinary account gets its own error and no session; create-admin and an invitation grant the role', async () => {
    const user = await registerUser();
    const refused = await login(user.username, user.password);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ result: { code: 2, status: 'error' }, error: { code: 1024, name: 'developer_access_required', description: expect.stringContaining('invite') } });
    expect(refused.json.results).toBeUndefined();
    expect(refused.headers['set-cookie']).toBeUndefined();

    const adminName = uniqueUsername('closed-admin');
    await createAdmin(adminName, 'long enough pass');
    const admin = await login(adminName, 'long enough pass');
    expect(admin.status).toBe(200);
    expect(admin.headers['set-cookie']).toMatch(/^signet_session=/);
    const session = admin.json.results.session_info;
    const headers = { 'x-spaaza-session-user-id': String(session.session_user_id), 'x-spaaza-session-key': session.session_key };

    const created = await api.call('POST', '/api/developer/applications', { headers, body: { name: 'Closed', hostnames: [uniqueHostname('closed')] } });
    expect(created.status).toBe(201);
    // the ordinary account still signs in to an app (member session)
    expect((await login(user.username, user.password, { 'x-spaaza-myprice-app-hostname': created.json.application.hostnames[0] })).status).toBe(200);

    const invited = await api.call('POST', '/api/developer/invitations', { headers, body: { username: user.username } });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ ok: true, userId: user.userId, developer: true });
    expect((await login(user.username, user.password)).status).toBe(200);
    expect((await api.call('POST', '/api/developer/invitations', { headers, body: { username: uniqueUsername('nobody') } })).status).toBe(404);
  });
});
