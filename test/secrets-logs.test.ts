import { randomBytes } from 'node:crypto';

// Logs on, at the most talkative level: the logger reads LOG_LEVEL when its module loads,
// so everything that reaches lib/logger.ts is imported after this.
process.env.LOG_LEVEL = 'DEBUG';
const { coldContainer } = await import('./support/settings.js');
const { db } = await import('../lib/db/client.js');
const { api } = await import('./support/api.js');
const { loginUser, registerUser, uniqueUsername } = await import('./support/accounts.js');
const { basicAuth, createApplication } = await import('./support/applications.js');
const { startFakeGraph } = await import('./support/fake-graph.js');
const { captureOutput } = await import('./support/capture-output.js');
type ApiResult = Awaited<ReturnType<typeof api>>;

/**
 * Secret hygiene (docs/security.md, "Fuzzing and secret hygiene"): whatever the request,
 * the structured logs (captured from stdout/stderr at LOG_LEVEL=DEBUG) never contain a
 * password, client secret, session key, Facebook token, cookie or Authorization value,
 * and no error body repeats one.
 */

/** A secret and the forms it travels in (base64 in Basic auth, percent-encoded in forms and cookies). */
function formsOf(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64'), JSON.stringify(secret).slice(1, -1)])];
}

/** Every secret form found in `text`. */
function leaked(text: string, secrets: string[]): string[] {
  return secrets.flatMap((secret) => formsOf(secret).filter((form) => text.includes(form)));
}

const canary = (label: string) => `${label}-${randomBytes(9).toString('base64url')}`;

/** Sends the requests with logs captured; checks the logs, and the error bodies, for every secret. */
async function expectNoLeak(secrets: string[], requests: () => Promise<ApiResult[]>): Promise<ApiResult[]> {
  const { output, value: results } = await captureOutput(requests);
  expect(output).toContain('"message":"request handled"'); // the logs were on: the check is not vacuous
  expect(leaked(output, secrets)).toEqual([]);
  for (const result of results) {
    if (result.status >= 400) expect([result.status, leaked(result.raw.body, secrets)]).toEqual([result.status, []]);
  }
  return results;
}

let graph: Awaited<ReturnType<typeof startFakeGraph>>;

beforeAll(async () => {
  graph = await startFakeGraph();
  process.env.FACEBOOK_GRAPH_URL = graph.url;
  coldContainer();
});

afterAll(async () => {
  await graph.close();
});

describe('passwords and session keys', () => {
  it('registration, a successful admin login and session use never log the password, session key or cookie', async () => {
    const password = canary('pw');
    const username = uniqueUsername('secret');
    const [registered] = await expectNoLeak([password], async () => [await api('POST', '/auth/add-user', { body: { username, password } })]);
    expect(registered?.status).toBe(200);

    const { output, value: session } = await captureOutput(() => loginUser({ username, password }));
    const cookie = session.cookie ?? '';
    expect(cookie).toContain(session.sessionKey);
    expect(leaked(output, [password, session.sessionKey])).toEqual([]);

    await expectNoLeak([password, session.sessionKey, cookie], async () => [
      await api('POST', '/auth/get-login-status', { body: { user_id: String(session.userId), session_key: session.sessionKey } }),
      await api('POST', '/auth/get-login-status', { form: true, body: { username, session_key: session.sessionKey } }),
      await api('POST', '/auth/get-login-status', { query: { user_id: String(session.userId), session_key: session.sessionKey } }),
      await api('GET', '/api/developer/applications', { headers: session.headers }),
      await api('GET', '/api/developer/applications', { headers: { cookie: cookie.split(';')[0] ?? '' } }),
      await api('DELETE', '/auth/logout', { headers: session.headers }),
      // the same session again, now ended: every refusal must stay silent about it too
      await api('POST', '/auth/get-login-status', { body: { user_id: String(session.userId), session_key: session.sessionKey } }),
      await api('GET', '/api/developer/applications', { headers: session.headers }),
    ]);
  });

  it('failed, throttled and malformed logins never log or echo the password', async () => {
    const user = await registerUser();
    const wrong = canary('wrong-pw');
    const results = await expectNoLeak([wrong, user.password], async () => {
      const answers: ApiResult[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) answers.push(await api('POST', '/auth/login', { body: { username: user.username, password: wrong } }));
      answers.push(await api('POST', '/auth/login', { body: { username: user.username, password: user.password } })); // locked now
      answers.push(await api('POST', '/auth/login', { form: true, body: { username: user.username, password: wrong } }));
      answers.push(await api('POST', '/auth/login', { headers: { 'content-type': 'application/json' }, body: `{"username":"${user.username}","password":"${wrong}"` }));
      answers.push(await api('POST', '/auth/login', { headers: { 'content-type': 'text/plain' }, body: `username=${user.username}&password=${wrong}` }));
      answers.push(await api('POST', '/auth/login', { body: { username: user.username, password: { value: wrong } } }));
      answers.push(await api('POST', '/auth/login', { body: { username: wrong, password: wrong } }));
      answers.push(await api('POST', '/auth/add-user', { body: { username: wrong, password: wrong } }));
      answers.push(await api('POST', '/auth/add-user', { body: { username: user.username, password: user.password } })); // taken
      answers.push(await api('POST', '/auth/login', { headers: { 'x-spaaza-api-version': wrong }, body: { username: user.username, password: wrong } }));
      return answers;
    });
    expect(results.map((result) => result.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 400, 415, 400, 401, 400, 409, 400]);
  });

  it('malformed session credentials are refused without being logged or echoed', async () => {
    const key = canary('key').padEnd(64, 'x');
    await expectNoLeak([key], async () => [
      await api('DELETE', '/auth/logout', { headers: { 'x-spaaza-session-user-id': '12345', 'x-spaaza-session-key': key } }),
      await api('DELETE', '/auth/logout', { headers: { cookie: `signet_session=12345.${key}` } }),
      await api('GET', '/api/developer/applications', { headers: { 'x-spaaza-session-user-id': key, 'x-spaaza-session-key': key } }),
      await api('POST', '/auth/get-login-status', { body: { user_id: key, session_key: key } }),
      await api('POST', '/auth/get-login-status', { body: { username: key, session_key: 'a'.repeat(64) } }),
    ]);
  });
});

describe('client secrets and HTTP Basic', () => {
  it('creating apps and secrets, and authenticating with them, never logs a secret or the Authorization value', async () => {
    const admin = await loginUser(await registerUser().then((user) => ({ username: user.username, password: user.password })));
    const { output, value: app } = await captureOutput(() => createApplication(admin.headers));
    expect(leaked(output, [app.clientSecret, admin.sessionKey])).toEqual([]);
    const member = await registerUser();
    const { output: memberOutput, value: memberSession } = await captureOutput(() => loginUser({ username: member.username, password: member.password, hostname: app.hostname }));
    expect(leaked(memberOutput, [member.password, memberSession.sessionKey])).toEqual([]);

    const { output: rotationOutput, value: rotation } = await captureOutput(() => api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers }));
    expect(rotation.status).toBe(201);
    const second = rotation.json.clientSecret as string;
    expect(leaked(rotationOutput, [second, app.clientSecret, admin.sessionKey])).toEqual([]);

    const auth = basicAuth(app.appId, app.clientSecret);
    const wrong = canary('wrong-secret');
    const encode = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;
    const statusPath = `/api/applications/${app.appId}/users/${member.globalId}/status`;
    const authorizationValues = [auth.authorization ?? '', encode(`${app.appId}:${wrong}`), encode(`${app.appId}:${second}`)];
    await expectNoLeak([app.clientSecret, second, wrong, ...authorizationValues], async () => {
      const answers: ApiResult[] = [
        await api('PATCH', statusPath, { headers: auth, body: { status: 'PRO' } }),
        await api('GET', statusPath, { headers: auth }),
        await api('GET', `/api/applications/${app.appId}/users`, { headers: basicAuth(app.appId, second) }),
        await api('PATCH', statusPath, { headers: auth, body: { status: wrong, expiresAt: wrong } }), // 400
        await api('PATCH', statusPath, { headers: { ...auth, 'content-type': 'application/json' }, body: `{"status":"${wrong}"` }),
        await api('GET', statusPath, { headers: { authorization: encode(`${app.appId}:`) } }),
        await api('GET', statusPath, { headers: { authorization: encode(`:${wrong}`) } }),
        await api('GET', statusPath, { headers: { authorization: `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc3]).toString('base64')}` } }),
        await api('GET', statusPath, { headers: { authorization: `Bearer ${wrong}` } }),
        await api('GET', statusPath, { headers: { authorization: `Basic ${wrong}!` } }),
        await api('GET', `/api/applications/app_0000000000000000000z/users`, { headers: basicAuth(app.appId, wrong) }), // 403
      ];
      // invalid_client until the per-client failure throttle answers 429
      for (let attempt = 0; attempt < 22; attempt += 1) answers.push(await api('GET', statusPath, { headers: basicAuth(app.appId, `${wrong}${attempt}`) }));
      return answers;
    }).then((results) => {
      const statuses = results.map((result) => result.status);
      expect(statuses.slice(0, 11)).toEqual([200, 200, 200, 400, 400, 401, 401, 401, 401, 401, 403]);
      expect(statuses.slice(11)).toContain(429);
    });
  });
});

describe('Facebook tokens', () => {
  it('never logs the access token: valid, refused, or with the Graph API unreachable', async () => {
    const token = canary('EAAD');
    const refused = canary('EAAD-bad');
    graph.addToken(token, { id: '100007000000123', email: uniqueUsername('fb'), first_name: 'Fay' });
    const [login, ...rest] = await expectNoLeak([token, refused], async () => [
      await api('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: token, fb_access_token_expires: '3600' } }),
      await api('POST', '/auth/login', { form: true, body: { auth_method: 'facebook', fb_access_token: refused } }),
    ]);
    expect([login?.status, ...rest.map((result) => result.status)]).toEqual([200, 401]);
    const session = login?.json.results.session_info;
    const status = await expectNoLeak([token, session.session_key], async () => [
      await api('POST', '/auth/get-login-status', { body: { user_id: String(session.session_user_id), session_key: session.session_key } }),
    ]);
    expect(status[0]?.json.results.user_facebook_access_token).toBe(token); // the one place it belongs (seed 004)

    process.env.FACEBOOK_GRAPH_URL = 'http://127.0.0.1:9'; // nothing listens: the Graph API is unreachable
    coldContainer();
    try {
      const [unreachable] = await captureOutput(async () => [await api('POST', '/auth/login', { body: { auth_method: 'facebook', fb_access_token: token } })]).then(({ output, value }) => {
        expect(output).toContain('facebook graph unreachable');
        expect(leaked(output, [token])).toEqual([]);
        return value;
      });
      expect(unreachable?.status).toBe(503);
      expect(leaked(unreachable?.raw.body ?? '', [token])).toEqual([]);
    } finally {
      process.env.FACEBOOK_GRAPH_URL = graph.url;
      coldContainer();
    }
  });
});

describe('unexpected errors', () => {
  /** Makes the next DynamoDB call of any handler throw `error`. */
  function failNextDatabaseCall(error: unknown): () => void {
    const name = `secrets-fault-${randomBytes(4).toString('hex')}`;
    let armed = true;
    db.middlewareStack.add(
      (next) => async (args) => {
        if (armed) {
          armed = false;
          throw error;
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    return () => db.middlewareStack.remove(name);
  }

  it('an exception whose message carries request secrets is neither logged nor answered (500 and 503)', async () => {
    const password = canary('pw');
    const user = await registerUser({ password: `${password}-long` });
    const sessionKey = randomBytes(32).toString('hex');
    const clientSecret = `signet_cs_${canary('cs')}`;
    const authorization = `Basic ${Buffer.from(`app_x:${clientSecret}`).toString('base64')}`;
    const secrets = [user.password, sessionKey, clientSecret, authorization];
    const message = `Invalid value ${user.password} for session ${sessionKey}; secret ${clientSecret}; header ${authorization}`;
    const failures: Array<[string, unknown]> = [
      ['a programming error', new TypeError(message)],
      ['an AWS service error', Object.assign(new Error(message), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } })],
      ['a transient AWS error', Object.assign(new Error(message), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } })],
      ['a thrown string', message],
    ];
    for (const [what, error] of failures) {
      const stop = failNextDatabaseCall(error);
      try {
        const { output, value: answer } = await captureOutput(() => api('POST', '/auth/login', { body: { username: user.username, password: user.password } }));
        expect([what, answer.status]).toEqual([what, what === 'a transient AWS error' ? 503 : 500]);
        const logged = output
          .split('\n')
          .filter((line) => line.includes('"message":"request failed"'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(logged).toHaveLength(1);
        // Still useful to an operator: what failed, where, and for which request.
        expect(logged[0]).toMatchObject({ level: 'ERROR', errorName: typeof error === 'string' ? 'string' : (error as Error).name, correlation_id: expect.any(String) });
        if (typeof error !== 'string') expect((logged[0]?.errorStack as string[]).length).toBeGreaterThan(0);
        expect([what, leaked(output, secrets)]).toEqual([what, []]);
        expect([what, leaked(answer.raw.body, secrets)]).toEqual([what, []]);
        expect(answer.raw.body).not.toContain('Invalid value');
      } finally {
        stop();
      }
    }
  });
});
