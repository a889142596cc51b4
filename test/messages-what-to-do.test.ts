import { api } from './support/api.js';
import { loginUser, registerUser } from './support/accounts.js';
import { connectUser, createTestApp, statusPath } from './support/status-sync.js';

/** Each message a newcomer met (issue 25) says what to do instead. */
describe('error messages that say what to do', () => {
  it('a member session checked without the hostname header asks for its application’s hostname header', async () => {
    const app = await createTestApp();
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    const response = await api('POST', '/auth/get-login-status', { body: { user_id: user.userId, session_key: member.sessionKey } });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ name: 'no_myprice_app' });
    expect(response.json.error.description).toContain("this member session needs its application's hostname header");
  });

  it('an admin route called with a member session says it needs a developer (admin) session', async () => {
    const app = await createTestApp();
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    const response = await api('GET', '/api/developer/applications', { headers: member.headers });
    expect(response.status).toBe(401);
    expect(response.json.message).toContain('this route needs a developer (admin) session; you sent a member session');
    // Anything else stays the one undifferentiated answer.
    const unknown = await api('GET', '/api/developer/applications', { headers: { ...member.headers, 'x-spaaza-session-key': 'e'.repeat(64) } });
    expect(unknown.json.message).toBe('Authentication is required');
  });

  it.each([
    ['an unknown globalId', 'ZZ9999'],
    ['a lower-case globalId', 'ab1234'],
    ['a numeric user id', '123456'],
  ])('%s gets a 404 that names the globalId format', async (_case, globalId) => {
    const app = await createTestApp();
    await connectUser(app);
    for (const method of ['GET', 'PATCH'] as const) {
      const response = await api(method, statusPath(app.appId, globalId), { headers: app.auth, ...(method === 'PATCH' ? { body: { status: 'PRO' } } : {}) });
      expect(response.status).toBe(404);
      expect(response.json.message).toContain('two upper-case letters and four digits, e.g. AB1234');
      expect(response.json.message).toContain('not the numeric user_id');
    }
  });

  it('invalid JSON names the parse position in its issues', async () => {
    const app = await createTestApp();
    const user = await connectUser(app);
    const response = await api('PATCH', statusPath(app.appId, user.globalId), {
      headers: { ...app.auth, 'content-type': 'application/json' },
      body: '{"status": "PRO",}',
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_request');
    expect(response.json.issues).toEqual([{ path: '(body)', message: expect.stringMatching(/position \d+/) }]);
  });

  it('a JSON body sent without a content type, or as a form (curl -d), names the content type to send', async () => {
    const app = await createTestApp();
    const user = await connectUser(app);
    const path = statusPath(app.appId, user.globalId);
    const bare = await api('PATCH', path, { headers: app.auth, body: '{"status":"PRO"}' });
    expect(bare.status).toBe(415);
    expect(bare.json.message).toContain('send Content-Type: application/json');
    const asForm = await api('PATCH', path, { headers: { ...app.auth, 'content-type': 'application/x-www-form-urlencoded' }, body: '{"status":"PRO"}' });
    expect(asForm.status).toBe(415);
    expect(asForm.json.message).toBe('The body is JSON but was sent as application/x-www-form-urlencoded: send Content-Type: application/json');
  });
});
