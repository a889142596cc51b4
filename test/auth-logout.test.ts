import { api } from './support/api.js';
import { loginUser, registerUser, seedApplication } from './support/accounts.js';

const noValidSession = {
  result: { code: 2, status: 'error' },
  error: { code: 6, name: 'no_valid_session', description: expect.any(String) },
};

describe('DELETE /auth/logout', () => {
  it('ends the session named by the X-Spaaza-Session-* headers and answers the username', async () => {
    const app = await seedApplication();
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    const admin = await loginUser(user);

    const response = await api('DELETE', '/auth/logout', { headers: member.headers });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ result: { code: 1, status: 'ok' }, results: { result_type: 'logout', username: user.username } });

    const after = await api('POST', '/auth/get-login-status', {
      headers: { 'x-spaaza-myprice-app-hostname': app.hostname },
      body: { user_id: user.userId, session_key: member.sessionKey },
    });
    expect(after.json).toEqual(noValidSession);
    // the admin session is another session and lives on
    const adminStatus = await api('POST', '/auth/get-login-status', { body: { user_id: user.userId, session_key: admin.sessionKey } });
    expect(adminStatus.status).toBe(200);
  });

  it('answers a second logout of the same session with 401 code 6', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    expect((await api('DELETE', '/auth/logout', { headers: session.headers })).status).toBe(200);
    const again = await api('DELETE', '/auth/logout', { headers: session.headers });
    expect(again.status).toBe(401);
    expect(again.json).toEqual(noValidSession);
  });

  it.each([
    ['no headers', {}],
    ['only the user id', { 'x-spaaza-session-user-id': '12345' }],
    ['only the key', { 'x-spaaza-session-key': 'a'.repeat(64) }],
    ['a non-numeric user id', { 'x-spaaza-session-user-id': 'abc', 'x-spaaza-session-key': 'a'.repeat(64) }],
    ['a wrong key', { 'x-spaaza-session-user-id': '12345', 'x-spaaza-session-key': 'a'.repeat(64) }],
    ['a malformed key', { 'x-spaaza-session-user-id': '12345', 'x-spaaza-session-key': 'nope' }],
  ])('answers %s with 401 code 6', async (_name, headers) => {
    const response = await api('DELETE', '/auth/logout', { headers });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(noValidSession);
  });

  it("does not end a session with another user's id", async () => {
    const user = await registerUser();
    const other = await registerUser();
    const session = await loginUser(user);
    const response = await api('DELETE', '/auth/logout', {
      headers: { 'x-spaaza-session-user-id': String(other.userId), 'x-spaaza-session-key': session.sessionKey },
    });
    expect(response.status).toBe(401);
    expect((await api('DELETE', '/auth/logout', { headers: session.headers })).status).toBe(200);
  });

  it('ends an admin session named by the cookie and clears the cookie', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    const cookie = (session.cookie ?? '').split(';')[0] ?? '';
    const response = await api('DELETE', '/auth/logout', { headers: { cookie, 'x-signet-portal': '1' } });
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toMatch(/^signet_session=; Max-Age=0/);
    expect((await api('DELETE', '/auth/logout', { headers: session.headers })).status).toBe(401);
  });

  it('answers 405 code 4 for POST', async () => {
    const response = await api('POST', '/auth/logout');
    expect(response.status).toBe(405);
    expect(response.json.error).toMatchObject({ code: 4, name: 'http_request_method_not_allowed' });
  });
});
