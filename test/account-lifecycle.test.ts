import { manualClock, useClock } from '../lib/clock.js';
import { coldContainer } from './support/settings.js';
import { startLocalSes, type LocalMail, type LocalSes } from '../tools/local/local-ses.js';
import { createAdminSession, defaultPassword, registerUser, uniqueUsername } from './support/accounts.js';
import { createApplication } from './support/applications.js';
import { startLocalApi, type HttpCall, type LocalApi } from './support/http.js';
import { patchStatus, storedHistory, storedLicenses } from './support/status-sync.js';
import { basicAuth } from './support/api.js';
import { readEventPage } from '../lib/entities/event.js';
import { startFakeGraph, type FakeGraph } from './support/fake-graph.js';

/**
 * docs/api.md, account lifecycle through the local HTTP server, with mail read back from a local SES v2
 * endpoint (aws-ses-v2-local, the one `npm start` runs): no mock of the SDK.
 */
let server: LocalApi;
let ses: LocalSes;
let graph: FakeGraph;
let lastIp = 10;

/** Each test speaks from its own loopback address: the per-IP reset counter is per test. */
const nextIp = () => `127.0.0.${(lastIp += 1)}`;

beforeAll(async () => {
  ses = await startLocalSes();
  process.env.SES_ENDPOINT = ses.endpoint;
  graph = await startFakeGraph();
  process.env.FACEBOOK_GRAPH_URL = graph.url;
  coldContainer();
  server = await startLocalApi();
});

afterAll(async () => {
  await server.close();
  await ses.stop();
  await graph.close();
});

const call = (method: string, path: string, options: HttpCall = {}) => server.call(method, path, options);
const ok = { result: { code: 1, status: 'ok' } };
const resetAnswer = { ...ok, results: { result_type: 'request-password-reset' } };
const invalidToken = {
  result: { code: 2, status: 'error' },
  error: { code: 1021, name: 'invalid_reset_token', description: expect.any(String) },
};

async function login(username: string, password: string, hostname?: string) {
  const response = await call('POST', '/auth/login', { body: { username, password }, headers: hostname ? { 'x-spaaza-myprice-app-hostname': hostname } : {} });
  if (response.status !== 200) return { response, headers: {} as Record<string, string>, sessionKey: '' };
  const info = response.json.results.session_info;
  return {
    response,
    sessionKey: info.session_key as string,
    headers: { 'x-spaaza-session-user-id': String(info.session_user_id), 'x-spaaza-session-key': info.session_key as string },
  };
}

const sessionValid = async (userId: number, sessionKey: string) =>
  (await call('POST', '/auth/get-login-status', { body: { user_id: userId, session_key: sessionKey } })).status === 200;

const tokenOf = (mail: LocalMail) => {
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.body.text ?? '');
  if (!match?.[1]) throw new Error(`no token in ${mail.body.text}`);
  return match[1];
};

async function requestReset(username: string, from: string, headers: Record<string, string> = {}) {
  return call('POST', '/auth/request-password-reset', { body: { username }, form: true, from, headers });
}

describe('password reset', () => {
  it('mails a single-use link; the reset ends every session and the new password signs in', async () => {
    const user = await registerUser();
    const admin = await login(user.username, user.password);
    const app = await createApplication((await createAdminSession()).headers);
    const member = await login(user.username, user.password, app.hostname);

    const answer = await requestReset(user.username, nextIp());
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(resetAnswer);
    const mails = await ses.mails(user.username);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.body.text).toBeDefined();
    expect(mail.body.html).toBeDefined();
    const token = tokenOf(mail);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(mail.body.text).toContain(`http://127.0.0.1:3000/#/reset-password?token=${token}`);
    // The token appears only inside the link; the password never.
    expect(mail.body.text!.split(token)).toHaveLength(2);
    expect(mail.body.html!.split(token)).toHaveLength(2);
    expect(`${mail.body.text}${mail.body.html}${mail.subject}`).not.toContain(user.password);

    const reset = await call('POST', '/auth/reset-password', { body: { token, password: 'a brand new secret' } });
    expect(reset.status).toBe(200);
    expect(reset.json).toEqual({ ...ok, results: { result_type: 'reset-password', username: user.username } });
    expect(await sessionValid(user.userId, admin.sessionKey)).toBe(false);
    expect(await sessionValid(user.userId, member.sessionKey)).toBe(false);
    expect((await login(user.username, user.password)).response.status).toBe(401);
    expect((await login(user.username, 'a brand new secret')).response.status).toBe(200);

    const again = await call('POST', '/auth/reset-password', { body: { token, password: 'yet another secret' } });
    expect(again.status).toBe(400);
    expect(again.json).toEqual(invalidToken);
  });

  it('answers an unknown username with the same body and mails nobody', async () => {
    const username = uniqueUsername('nobody');
    const answer = await requestReset(username, nextIp());
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(JSON.stringify(resetAnswer));
    expect(await ses.mails(username)).toHaveLength(0);
  });

  it('lets exactly one of two parallel uses of a token win', async () => {
    const user = await registerUser();
    await requestReset(user.username, nextIp());
    const token = tokenOf((await ses.mails(user.username))[0]!);
    const answers = await Promise.all(
      ['first parallel secret', 'second parallel secret'].map((password) => call('POST', '/auth/reset-password', { body: { token, password } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const winner = answers[0]!.status === 200 ? 'first parallel secret' : 'second parallel secret';
    expect((await login(user.username, winner)).response.status).toBe(200);
  });

  it('answers unknown, superseded and expired tokens with the same 400', async () => {
    const user = await registerUser();
    const from = nextIp();
    await requestReset(user.username, from);
    await requestReset(user.username, from);
    const [older, newer] = (await ses.mails(user.username)).map(tokenOf);
    const bodies: string[] = [];
    for (const token of [older!, 'A'.repeat(43), 'not a token']) {
      const answer = await call('POST', '/auth/reset-password', { body: { token, password: 'another good secret' } });
      expect(answer.status).toBe(400);
      bodies.push(answer.text);
    }
    const clock = manualClock(new Date(Date.now() + 1801 * 1000));
    const restore = useClock(clock);
    try {
      const expired = await call('POST', '/auth/reset-password', { body: { token: newer!, password: 'another good secret' } });
      expect(expired.status).toBe(400);
      bodies.push(expired.text);
    } finally {
      restore();
    }
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toEqual(invalidToken);
    expect((await login(user.username, user.password)).response.status).toBe(200);
  });

  it('refuses a short new password with add-user\'s rule', async () => {
    const answer = await call('POST', '/auth/reset-password', { body: { token: 'A'.repeat(43), password: 'short' } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(1003);
  });

  it('mails a username at most 3 times an hour, answering the same 200 past that', async () => {
    const user = await registerUser();
    const start = new Date();
    const clock = manualClock(start);
    const restore = useClock(clock);
    try {
      for (let index = 0; index < 5; index += 1) {
        const answer = await requestReset(user.username, nextIp());
        expect(answer.text).toBe(JSON.stringify(resetAnswer));
      }
      expect(await ses.mails(user.username)).toHaveLength(3);
      clock.advance(3601 * 1000);
      await requestReset(user.username, nextIp());
      expect(await ses.mails(user.username)).toHaveLength(4);
    } finally {
      restore();
    }
  });

  it('serves a source IP 20 requests an hour, then the same 200 and no mail', async () => {
    const from = nextIp();
    const users = await Promise.all(Array.from({ length: 21 }, () => registerUser()));
    for (const user of users) expect((await requestReset(user.username, from)).text).toBe(JSON.stringify(resetAnswer));
    const mailed = await Promise.all(users.map(async (user) => (await ses.mails(user.username)).length));
    expect(mailed.slice(0, 20)).toEqual(Array(20).fill(1));
    expect(mailed[20]).toBe(0);
    // another address is not affected
    const other = await registerUser();
    await requestReset(other.username, nextIp());
    expect(await ses.mails(other.username)).toHaveLength(1);
  });

  it('counts the address a proxying backend names in X-Signet-Client-IP with valid Basic credentials, not its own; ignores it without them (issue 21)', async () => {
    const owner = await createAdminSession();
    const app = await createApplication(owner.headers, { name: 'Reset Proxy' });
    const valid = basicAuth(app.appId, app.clientSecret);
    const forged = basicAuth(app.appId, 'signet_cs_not-the-secret');
    const random = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
    const proxied = random();
    const backend = nextIp();
    const users = await Promise.all(Array.from({ length: 22 }, () => registerUser()));
    for (const user of users.slice(0, 21)) await requestReset(user.username, backend, { ...valid, 'x-signet-client-ip': proxied });
    const mailed = await Promise.all(users.map(async (user) => (await ses.mails(user.username)).length));
    expect(mailed.slice(0, 20)).toEqual(Array(20).fill(1));
    expect(mailed[20]).toBe(0);
    // the backend's own address was not counted: its next user (another address) is mailed
    await requestReset(users[21]!.username, backend, { ...valid, 'x-signet-client-ip': random() });
    expect(await ses.mails(users[21]!.username)).toHaveLength(1);

    // without valid credentials the header is ignored: the socket address is counted
    const spoofer = nextIp();
    const more = await Promise.all(Array.from({ length: 21 }, () => registerUser()));
    for (const user of more) await requestReset(user.username, spoofer, { ...forged, 'x-signet-client-ip': random() });
    expect(await ses.mails(more[20]!.username)).toHaveLength(0);
  });

  it("links a member reset to the application's passwordResetUrl, and Spaaza's alias path works", async () => {
    const owner = await createAdminSession();
    const app = await createApplication(owner.headers, { name: 'Reset App' });
    const patched = await call('PATCH', `/api/developer/applications/${app.appId}`, {
      headers: owner.headers,
      body: { passwordResetUrl: 'https://reset.example.com/account/reset?t={token}' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.application.passwordResetUrl).toBe('https://reset.example.com/account/reset?t={token}');
    const user = await registerUser();
    const answer = await call('POST', '/internal/request-password-reset', {
      body: { username: user.username },
      form: true,
      from: nextIp(),
      headers: { 'x-spaaza-myprice-app-hostname': app.hostname },
    });
    expect(answer.json).toEqual(resetAnswer);
    const [mail] = await ses.mails(user.username);
    const match = /https:\/\/reset\.example\.com\/account\/reset\?t=([A-Za-z0-9_-]{43})/.exec(mail!.body.text ?? '');
    expect(match).not.toBeNull();
    expect(mail!.subject).toContain('Reset App');
    const reset = await call('POST', '/auth/reset-password', { body: { token: match![1], password: 'member new secret' } });
    expect(reset.status).toBe(200);
  });
});

describe('PATCH /api/developer/applications/:appId', () => {
  it('shows passwordResetUrl as null until set, validates it, renames, and removes it with null', async () => {
    const owner = await createAdminSession();
    const app = await createApplication(owner.headers);
    const path = `/api/developer/applications/${app.appId}`;
    expect((await call('GET', path, { headers: owner.headers })).json.application.passwordResetUrl).toBeNull();
    for (const passwordResetUrl of ['http://reset.example.com/{token}', 'https://reset.example.com/no-token', 'not a url {token}', 42]) {
      const answer = await call('PATCH', path, { headers: owner.headers, body: { passwordResetUrl } });
      expect([passwordResetUrl, answer.status, answer.json.error]).toEqual([passwordResetUrl, 400, 'invalid_request']);
    }
    expect((await call('PATCH', path, { headers: owner.headers, body: {} })).status).toBe(400);
    const renamed = await call('PATCH', path, { headers: owner.headers, body: { name: 'Renamed', passwordResetUrl: 'https://a.example.com/r#{token}' } });
    expect(renamed.json.application).toMatchObject({ name: 'Renamed', passwordResetUrl: 'https://a.example.com/r#{token}' });
    const cleared = await call('PATCH', path, { headers: owner.headers, body: { passwordResetUrl: null } });
    expect(cleared.json.application).toMatchObject({ name: 'Renamed', passwordResetUrl: null });
    expect((await call('GET', path, { headers: owner.headers })).json.application).toMatchObject({ name: 'Renamed', passwordResetUrl: null });
    const stranger = await createAdminSession();
    expect((await call('PATCH', path, { headers: stranger.headers, body: { name: 'Mine' } })).status).toBe(404);
  });
});

describe('POST /auth/change-password', () => {
  it('changes the password and ends every other session', async () => {
    const user = await registerUser();
    const one = await login(user.username, user.password);
    const app = await createApplication((await createAdminSession()).headers);
    const two = await login(user.username, user.password, app.hostname);
    const answer = await call('POST', '/auth/change-password', {
      headers: one.headers,
      body: { current_password: user.password, new_password: 'changed secret 1' },
      form: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ...ok, results: { result_type: 'change-password' } });
    expect(await sessionValid(user.userId, one.sessionKey)).toBe(true);
    expect(await sessionValid(user.userId, two.sessionKey)).toBe(false);
    expect((await login(user.username, 'changed secret 1')).response.status).toBe(200);
  });

  it('counts a wrong current password as a failed login (403, then 429)', async () => {
    const user = await registerUser();
    const session = await login(user.username, user.password);
    const from = nextIp();
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      const answer = await call('POST', '/auth/change-password', { headers: session.headers, from, body: { current_password: 'wrong one!', new_password: 'changed secret 2' } });
      statuses.push(answer.status);
      if (index === 0) expect(answer.json.error).toMatchObject({ code: 1022, name: 'wrong_password' });
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const login429 = await call('POST', '/auth/login', { from, body: { username: user.username, password: user.password } });
    expect(login429.status).toBe(429);
  });

  it('needs a valid session (401 code 6)', async () => {
    const answer = await call('POST', '/auth/change-password', { body: { current_password: 'x', new_password: 'changed secret 3' } });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe(6);
  });
});

describe('PUT /auth/alter-user', () => {
  it("changes only the fields sent, with add-user's validation, and answers like get-login-status", async () => {
    const user = await registerUser({ first_name: 'Ann', last_name: 'Old', gender: 'female' });
    const session = await login(user.username, user.password);
    const answer = await call('PUT', '/auth/alter-user', { headers: session.headers, form: true, body: { last_name: 'New', birthday: '1990-02-03' } });
    expect(answer.status).toBe(200);
    const status = await call('POST', '/auth/get-login-status', { body: { user_id: user.userId, session_key: session.sessionKey } });
    expect(answer.json.results).toEqual({ ...status.json.results, result_type: 'alter-user' });
    // API versions below 1.4.10 answer gender as M/F/O, as get-login-status does
    expect(answer.json.results).toMatchObject({ first_name: 'Ann', last_name: 'New', gender: 'F', birthday: '1990-02-03' });

    const alias = await call('PUT', '/internal/alter-user', { headers: session.headers, body: { first_name: '' } });
    expect(alias.json.results.first_name).toBeNull();
    for (const body of [{ gender: 'constructor' }, { birthday: '2999-01-01' }, { first_name: 'bad\u200b' }]) {
      const refused = await call('PUT', '/auth/alter-user', { headers: session.headers, body });
      expect([body, refused.status]).toEqual([body, 400]);
    }
    expect((await call('PUT', '/auth/alter-user', { body: { first_name: 'X' } })).status).toBe(401);
  });
});

describe('DELETE /auth/delete-user', () => {
  it('erases the account: the app and the developer see no personal data, licenses end, the username is free', async () => {
    const owner = await createAdminSession();
    const app = await createApplication(owner.headers);
    const auth = basicAuth(app.appId, app.clientSecret);
    const user = await registerUser({ first_name: 'Del', last_name: 'Etee', gender: 'male', birthday: '1980-01-01' });
    const member = await login(user.username, user.password, app.hostname);
    const admin = await login(user.username, user.password);
    const grant = await patchStatus({ appId: app.appId, auth } as never, user.globalId, { status: 'PRO', variantName: 'Pro', duration: 'YEAR' });
    expect(grant.status).toBe(200);

    const wrong = await call('DELETE', '/auth/delete-user', { headers: admin.headers, body: { password: 'not my password' } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe(1022);

    const deleted = await call('DELETE', '/auth/delete-user', { headers: admin.headers, body: { password: user.password } });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ ...ok, results: { result_type: 'delete-user' } });

    expect(await sessionValid(user.userId, admin.sessionKey)).toBe(false);
    expect(await sessionValid(user.userId, member.sessionKey)).toBe(false);
    expect((await login(user.username, user.password)).response.status).toBe(401);

    const status = await call('GET', `/api/applications/${app.appId}/users/${user.globalId}/status`, { headers: auth });
    const list = await call('GET', `/api/applications/${app.appId}/users`, { headers: auth });
    const developerList = await call('GET', `/api/developer/applications/${app.appId}/users`, { headers: owner.headers });
    // The app sees the connection as gone (404, as after the developer's DELETE); the lists keep it, pseudonymous.
    expect(status.status).toBe(404);
    for (const answer of [status, list, developerList]) {
      for (const erased of [user.username, 'Del', 'Etee', '1980-01-01']) expect(answer.text).not.toContain(erased);
    }
    expect(list.status).toBe(200);
    expect(developerList.status).toBe(200);
    expect(developerList.text).toContain(user.globalId);
    expect(developerList.json.users ?? developerList.json).toBeDefined();
    const licenses = await storedLicenses(app.appId, user.globalId);
    expect(licenses.map((license) => license.state)).toEqual(['EXPIRED']);
    const history = await storedHistory(app.appId, user.globalId);
    expect(history).toContainEqual(expect.objectContaining({ action: 'revoked', by: { userId: user.userId } }));

    // The app hears of it: one user.deleted event, written with the erasure, naming only the globalId.
    const events = (await readEventPage(app.appId, '', '~', 100)).events.map((item) => JSON.parse(item.body) as { type: string; appId: string; data: { globalId: string; sequence: number } });
    const userDeleted = events.filter((event) => event.type === 'user.deleted');
    expect(userDeleted).toHaveLength(1);
    const deactivated = events.find((event) => event.type === 'connection.deactivated');
    expect(userDeleted[0]).toMatchObject({ appId: app.appId, data: { globalId: user.globalId, sequence: (deactivated?.data.sequence ?? -2) + 1 } });
    for (const erased of [user.username, 'Del', 'Etee', '1980-01-01']) expect(JSON.stringify(userDeleted[0])).not.toContain(erased);

    const again = await registerUser({ username: user.username });
    expect(again.userId).not.toBe(user.userId);
  });

  it("answers an application owner 409 owns_applications, and Spaaza's DELETE /delete-user after the apps are gone", async () => {
    const owner = await createAdminSession();
    const app = await createApplication(owner.headers);
    const refused = await call('DELETE', '/delete-user', { headers: owner.headers, body: { password: owner.password } });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 1023, name: 'owns_applications' });
    expect((await call('DELETE', `/api/developer/applications/${app.appId}`, { headers: owner.headers })).status).toBe(200);
    const deleted = await call('DELETE', '/delete-user', { headers: owner.headers, body: { password: owner.password } });
    expect(deleted.status).toBe(200);
    expect((await login(owner.username, defaultPassword)).response.status).toBe(401);
  });

  it('confirms a Facebook account with a fresh token of the same Facebook user, and frees the Facebook id', async () => {
    const mine = { token: 'EAADdeleteMe1', user: { id: '100009990001', email: uniqueUsername('fb'), first_name: 'Fay', last_name: 'Book' } };
    const other = { token: 'EAADsomebodyElse', user: { id: '100009990002', email: uniqueUsername('fb') } };
    graph.addToken(mine.token, mine.user);
    graph.addToken(other.token, other.user);
    const signIn = await call('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: mine.token } });
    expect(signIn.status).toBe(200);
    const info = signIn.json.results.session_info;
    const headers = { 'x-spaaza-session-user-id': String(info.session_user_id), 'x-spaaza-session-key': info.session_key };
    const refused = await call('DELETE', '/auth/delete-user', { headers, body: { fb_access_token: other.token } });
    expect(refused.status).toBe(401);
    expect(refused.json.error.name).toBe('invalid_facebook_token');
    const deleted = await call('DELETE', '/auth/delete-user', { headers, body: { fb_access_token: mine.token } });
    expect(deleted.status).toBe(200);
    const again = await call('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: mine.token } });
    expect(again.status).toBe(200);
    expect(again.json.results.session_info.session_user_id).not.toBe(info.session_user_id);
    expect(again.json.results.user_info.username).toBe(mine.user.email);
  });

  it('needs a session (401 code 6)', async () => {
    const answer = await call('DELETE', '/auth/delete-user', { body: { password: 'whatever' } });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe(6);
  });
});
