import fc from 'fast-check';
import { createAdminSession, defaultPassword, loginUser, registerUser, uniqueUsername, type AdminSession } from './accounts.js';
import { api, basicAuth } from './api.js';
import { createApplication, uniqueHostname } from './applications.js';
import type { FuzzCase } from './fuzz.js';
import {
  apiVersionHeader,
  authorization,
  bodyFor,
  canary,
  cookieHeader,
  extraHeaders,
  fieldsFor,
  headersOf,
  hostnameHeader,
  live,
  nastyString,
  pathSegment,
  randomCase,
  randomQuery,
  request,
  sessionKeyHeader,
  userIdHeader,
  type BodyChoice,
} from './fuzz-inputs.js';


export const wellFormedEndpointId = 'we_0123456789abcdefghjk';
export const wellFormedEventId = 'evt_01JZ0000000000000000000000';

/**
 * The seeded world the fuzz cases aim at (real admin, app, secrets, variants, member
 * connections with a granted status), and one case generator per route of lib/routes.ts.
 * Valid credentials and real ids are mixed with hostile ones so that requests get past
 * authentication and reach parsing, validation and the use cases.
 */

interface Member {
  userId: number;
  globalId: string;
  username: string;
  password: string;
  sessionKey: string;
}

export interface FuzzWorld {
  admin: AdminSession;
  app: { appId: string; clientSecret: string; secretId: string; hostname: string };
  /** A second secret that DELETE .../client-secrets/{secretId} may retire (then a new spare is made). */
  spareSecretId: string;
  variantId: string;
  /** A variant DELETE .../variants/{variantId} may delete (then a new spare is made). */
  spareVariantId: string;
  /** Connected to the app with a member session and a granted status. */
  member: Member;
  /** Connected to the app; DELETE .../users/{connectionId} may deactivate it (then it logs in again). */
  spare: Member & { connectionId: string };
  /** The user the login cases try (separate, since a successful login replaces sessions). */
  loginTarget: { username: string; password: string };
  /** An admin session the logout cases may end (then it logs in again). */
  logoutTarget: Member;
  /** A valid `cursor` of the app's user lists. */
  cursor: string;
  /** A Facebook token the fake Graph API accepts, when the file runs one. */
  facebookToken?: string;
}

async function expectStatus(what: string, promise: ReturnType<typeof api>, status = 200) {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.raw.body}`);
  return response.json;
}

async function connectedMember(hostname: string): Promise<Member> {
  const user = await registerUser();
  const session = await loginUser({ username: user.username, password: user.password, hostname });
  return { userId: user.userId, globalId: user.globalId, username: user.username, password: user.password, sessionKey: session.sessionKey };
}

async function createSpareSecret(world: Pick<FuzzWorld, 'admin' | 'app'>): Promise<string> {
  const created = await expectStatus('client secret', api('POST', `/api/developer/applications/${world.app.appId}/client-secrets`, { headers: world.admin.headers }), 201);
  return created.secretId as string;
}

async function createVariant(world: Pick<FuzzWorld, 'admin' | 'app'>, name: string): Promise<string> {
  const created = await expectStatus('variant', api('POST', `/api/developer/applications/${world.app.appId}/licenses/variants`, { headers: world.admin.headers, body: { name } }), 201);
  return created.variant.variantId as string;
}

export async function seedWorld(options: { facebookToken?: string } = {}): Promise<FuzzWorld> {
  const admin = await createAdminSession();
  const app = await createApplication(admin.headers, { name: 'Fuzz app' });
  const base = { admin, app };
  const spareSecretId = await createSpareSecret(base);
  const variantId = await createVariant(base, 'Gold');
  const spareVariantId = await createVariant(base, 'Spare');
  const member = await connectedMember(app.hostname);
  const spareMember = await connectedMember(app.hostname);
  const auth = basicAuth(app.appId, app.clientSecret);
  await expectStatus('grant', api('PATCH', `/api/applications/${app.appId}/users/${member.globalId}/status`, { headers: auth, body: { status: 'PRO', duration: 'YEAR' } }));
  const page = await expectStatus('users', api('GET', `/api/developer/applications/${app.appId}/users`, { headers: admin.headers, query: { limit: '1' } }));
  const all = await expectStatus('users', api('GET', `/api/developer/applications/${app.appId}/users`, { headers: admin.headers }));
  const spareView = (all.users as Array<{ id: string; globalId: string }>).find((user) => user.globalId === spareMember.globalId);
  if (!spareView || typeof page.nextCursor !== 'string') throw new Error('seeding the connection list failed');
  const loginTarget = await registerUser();
  const logoutUser = await createAdminSession();
  return {
    admin,
    app,
    spareSecretId,
    variantId,
    spareVariantId,
    member,
    spare: { ...spareMember, connectionId: spareView.id },
    loginTarget: { username: loginTarget.username, password: loginTarget.password },
    logoutTarget: { userId: logoutUser.userId, globalId: logoutUser.globalId, username: logoutUser.username, password: logoutUser.password, sessionKey: logoutUser.sessionKey },
    cursor: page.nextCursor,
    facebookToken: options.facebookToken,
  };
}

/** Restores what an accepted case used up, so later cases still reach the deep paths. */
export async function restoreWorld(world: FuzzWorld, fuzzCase: FuzzCase): Promise<void> {
  switch (fuzzCase.group) {
    case 'DELETE /auth/logout': {
      const session = await loginUser({ username: world.logoutTarget.username, password: world.logoutTarget.password });
      world.logoutTarget.sessionKey = session.sessionKey;
      break;
    }
    case 'DELETE client-secret':
      world.spareSecretId = await createSpareSecret(world).catch(() => world.spareSecretId); // at the cap of 10: keep the stale id
      break;
    case 'DELETE variant':
      world.spareVariantId = await createVariant(world, `Spare ${Math.random().toString(36).slice(2, 10)}`);
      break;
    case 'DELETE connection': {
      // A member login reactivates the connection; it also replaces the spare's member session.
      const session = await loginUser({ username: world.spare.username, password: world.spare.password, hostname: world.app.hostname });
      world.spare.sessionKey = session.sessionKey;
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------
// Shared pieces

const wellFormedAppId = fc.stringMatching(/^app_[0-9a-hjkmnp-tv-z]{20}$/);
const wellFormedSecretId = fc.stringMatching(/^sec_[0-9a-hjkmnp-tv-z]{16}$/);
const wellFormedVariantId = fc.stringMatching(/^var_[0-9a-hjkmnp-tv-z]{16}$/);
const wellFormedGlobalId = fc.stringMatching(/^[A-Z]{2}\d{4}$/);
const wellFormedConnectionId = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);

const email = fc.oneof({ arbitrary: live(() => uniqueUsername('fuzz')), weight: 3 }, fc.emailAddress(), fc.constantFrom('a@b.co', 'UPPER@EXAMPLE.COM', 'x@localhost', `${'a'.repeat(250)}@b.co`));
const futureIso = fc.date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());

/** Admin credentials: the real session (headers or cookie), someone else's, a broken pair, or none. */
function adminAuth(world: FuzzWorld): fc.Arbitrary<Array<[string, string | undefined]>> {
  const userId = () => String(world.admin.userId);
  const key = () => world.admin.sessionKey;
  const pair = fc
    .tuple(randomCase('x-spaaza-session-user-id'), userIdHeader(userId), randomCase('x-spaaza-session-key'), sessionKeyHeader(key))
    .map(([idName, id, keyName, value]): Array<[string, string | undefined]> => [[idName, id], [keyName, value]]);
  const cookie = cookieHeader(() => `${world.admin.userId}.${world.admin.sessionKey}`).map((value): Array<[string, string | undefined]> => [['cookie', value]]);
  const memberPair = live((): Array<[string, string | undefined]> => [['x-spaaza-session-user-id', String(world.member.userId)], ['x-spaaza-session-key', world.member.sessionKey]]);
  const onlyOne = fc.oneof(userIdHeader(userId).map((id): Array<[string, string | undefined]> => [['x-spaaza-session-user-id', id]]), sessionKeyHeader(key).map((value): Array<[string, string | undefined]> => [['x-spaaza-session-key', value]]));
  const valid = live((): Array<[string, string | undefined]> => [['X-Spaaza-Session-User-Id', String(world.admin.userId)], ['X-Spaaza-Session-Key', world.admin.sessionKey]]);
  return fc.oneof(
    { arbitrary: valid, weight: 12 },
    { arbitrary: pair, weight: 2 },
    { arbitrary: cookie, weight: 1 },
    { arbitrary: memberPair, weight: 1 },
    { arbitrary: onlyOne, weight: 1 },
    { arbitrary: fc.constant([] as Array<[string, string | undefined]>), weight: 1 },
  );
}

/** Headers any request may carry on top of its credentials. */
function commonHeaders(world: FuzzWorld): fc.Arbitrary<Array<[string, string | undefined]>> {
  return fc
    .tuple(
      fc.option(apiVersionHeader, { freq: 2 }),
      fc.option(hostnameHeader(() => world.app.hostname), { freq: 4 }),
      fc.option(authorization(), { freq: 6 }),
      extraHeaders,
    )
    .map(([version, hostname, auth, extra]) => [
      ['x-spaaza-api-version', version ?? undefined],
      ['X-Spaaza-MyPrice-App-Hostname', hostname ?? undefined],
      ['authorization', auth ?? undefined],
      ...Object.entries(extra),
    ]);
}

interface RouteSpec {
  group: string;
  method: string;
  /** Builds the path from generated segments. */
  path: fc.Arbitrary<string>;
  body: fc.Arbitrary<BodyChoice>;
  credentials: fc.Arbitrary<Array<[string, string | undefined]>>;
  query?: fc.Arbitrary<Record<string, string> | undefined>;
  /** Whether the route's own headers (hostname, version) may be fuzzed on top; the credentials win. */
  world: FuzzWorld;
}

function cases(spec: RouteSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(spec.path, spec.body, spec.credentials, commonHeaders(spec.world), spec.query ?? randomQuery())
    .map(([path, body, credentials, common, query]) => ({
      group: spec.group,
      request: request({ method: spec.method, path, body, headers: headersOf([...common, ...credentials]), query: query ?? undefined }),
    }));
}

const noFields = bodyFor(fieldsFor({}));

// ---------------------------------------------------------------------------
// /auth

export function authRoutes(world: FuzzWorld): fc.Arbitrary<FuzzCase>[] {
  const spaazaHeaders = fc
    .option(hostnameHeader(() => world.app.hostname), { freq: 2 })
    .map((hostname): Array<[string, string | undefined]> => [['x-spaaza-myprice-app-hostname', hostname ?? undefined]]);
  const flag = { valid: fc.constantFrom(true, false, 'true', 'false', '1', '0', 1, 0, '', null), odd: fc.constantFrom('yes', 2, 'TRUE ', []) };
  const text = { valid: fc.oneof(fc.constantFrom('Ana', 'María José', '  '), fc.string({ unit: 'grapheme', maxLength: 20 })), odd: nastyString };

  const addUser = cases({
    group: 'POST /auth/add-user',
    method: 'POST',
    path: fc.constant('/auth/add-user'),
    world,
    credentials: spaazaHeaders,
    body: bodyFor(
      fieldsFor({
        username: { valid: email, required: true },
        password: { valid: fc.oneof(fc.constant(defaultPassword), fc.string({ unit: 'grapheme', minLength: 8, maxLength: 40 })), odd: fc.constantFrom('short', 'p'.repeat(1025), ''), required: true },
        first_name: text,
        last_name: text,
        gender: { valid: fc.constantFrom('male', 'F', 'm', 'twospirit', 'OTHER', ''), odd: fc.constantFrom('x', 'O', 'males') },
        birthday: { valid: fc.constantFrom('1990-01-01', '2000-02-29', ''), odd: fc.constantFrom('1899-12-31', '2999-01-01', '1990-02-30', '1990-1-1', '19900101') },
        mailing_list_subscribed: flag,
        printed_mailing_list_subscribed: flag,
      }),
    ),
  });

  const login = cases({
    group: 'POST /auth/login',
    method: 'POST',
    path: fc.constant('/auth/login'),
    world,
    credentials: spaazaHeaders,
    body: bodyFor(
      fieldsFor({
        username: { valid: fc.oneof(live(() => world.loginTarget.username), live(() => ` ${world.loginTarget.username.toUpperCase()} `), email), odd: nastyString, required: true },
        password: { valid: fc.oneof({ arbitrary: live(() => world.loginTarget.password), weight: 3 }, { arbitrary: canary, weight: 1 }), odd: nastyString, required: true },
        auth_method: { valid: fc.constantFrom('password', 'facebook', 'FACEBOOK', ' password ', ''), odd: fc.constantFrom('oauth', 'basic') },
        fb_access_token: { valid: fc.oneof(live(() => world.facebookToken ?? 'no-token'), canary), odd: nastyString },
        fb_access_token_expires: { valid: fc.constantFrom('3600', 3600, 0, ''), odd: fc.constantFrom('-1', '1e3', '99999999999', 1.5) },
      }),
    ),
  });

  const statusFields = {
    username: { valid: fc.oneof(live(() => world.member.username), live(() => world.member.username.toUpperCase()), email) },
    user_id: { valid: fc.oneof(live(() => String(world.member.userId)), live(() => world.member.userId)), odd: fc.constantFrom('0', '-1', '1.5', '99999999999', ' 1 ') },
    session_key: { valid: fc.oneof({ arbitrary: live(() => world.member.sessionKey), weight: 3 }, { arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/), weight: 1 }), odd: fc.constantFrom('', 'A'.repeat(64), 'x'.repeat(257)), required: true },
  };
  const getLoginStatus = cases({
    group: 'POST /auth/get-login-status',
    method: 'POST',
    path: fc.constant('/auth/get-login-status'),
    world,
    credentials: spaazaHeaders,
    body: bodyFor(fieldsFor(statusFields)),
    query: randomQuery({
      username: fc.oneof(live(() => world.member.username), nastyString),
      user_id: fc.oneof(live(() => String(world.member.userId)), nastyString),
      session_key: fc.oneof(live(() => world.member.sessionKey), nastyString),
    }),
  });

  const logoutCredentials = fc.oneof(
    { arbitrary: live((): Array<[string, string | undefined]> => [['x-spaaza-session-user-id', String(world.logoutTarget.userId)], ['x-spaaza-session-key', world.logoutTarget.sessionKey]]), weight: 1 },
    {
      arbitrary: fc
        .tuple(userIdHeader(() => String(world.logoutTarget.userId)), sessionKeyHeader(() => world.logoutTarget.sessionKey))
        .map(([id, key]): Array<[string, string | undefined]> => [['x-spaaza-session-user-id', id], ['x-spaaza-session-key', key]]),
      weight: 2,
    },
    { arbitrary: cookieHeader(() => `${world.logoutTarget.userId}.${world.logoutTarget.sessionKey}`).map((cookie): Array<[string, string | undefined]> => [['cookie', cookie]]), weight: 1 },
    { arbitrary: fc.constant([] as Array<[string, string | undefined]>), weight: 1 },
  );
  const logout = cases({
    group: 'DELETE /auth/logout',
    method: 'DELETE',
    path: fc.constant('/auth/logout'),
    world,
    credentials: logoutCredentials,
    body: noFields,
  });

  return [addUser, login, getLoginStatus, logout];
}

// ---------------------------------------------------------------------------
// /api/developer

export function developerRoutes(world: FuzzWorld): fc.Arbitrary<FuzzCase>[] {
  const appId = pathSegment(() => world.app.appId, wellFormedAppId);
  const appPath = (suffix: fc.Arbitrary<string> = fc.constant('')) =>
    fc.tuple(appId, suffix).map(([id, rest]) => `/api/developer/applications/${id}${rest}`);
  const credentials = adminAuth(world);
  const route = (group: string, method: string, path: fc.Arbitrary<string>, body = noFields, query?: fc.Arbitrary<Record<string, string> | undefined>) =>
    cases({ group, method, path, body, credentials, world, query });

  const hostnames = fc.oneof(
    live(() => [uniqueHostname('fuzz')]),
    live(() => [uniqueHostname('fuzz'), ` ${uniqueHostname('fuzz').toUpperCase()} `]),
    live(() => [world.app.hostname]),
  );
  const badHostnames = fc.oneof(
    fc.array(fc.oneof(fc.domain(), nastyString), { maxLength: 12 }),
    fc.constantFrom([], ['a.com', 'a.com'], ['A.com', 'a.com'], 'a.com', null, [`${'a'.repeat(64)}.com`], ['https://a.com']),
  );
  const variantFields = {
    name: { valid: fc.oneof(fc.constantFrom('Gold', 'gold ', 'Spare', 'Plan B'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })), odd: fc.constantFrom('', '   ', 'n'.repeat(101)), required: true },
    description: { valid: fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme', maxLength: 60 })), odd: fc.constant('d'.repeat(1001)) },
    defaultDuration: { valid: fc.constantFrom('MONTH', 'year', ' lifetime '), odd: fc.constantFrom('WEEK', '', 'month s') },
  };
  const variantPath = (real: () => string) => appPath(pathSegment(real, wellFormedVariantId).map((id) => `/licenses/variants/${id}`));
  const pageQuery = randomQuery({
    limit: fc.oneof(fc.constantFrom('1', '1000', '1001', '0', '-1', ' 5 ', '1e2', '0x10', '99999999'), nastyString),
    cursor: fc.oneof(live(() => world.cursor), nastyString, fc.base64String().map((text) => text.replace(/=+$/, ''))),
  });

  return [
    route('POST applications', 'POST', fc.constant('/api/developer/applications'), bodyFor(fieldsFor({ name: { valid: fc.oneof(fc.constant('My app'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })), required: true }, hostnames: { valid: hostnames, odd: badHostnames, required: true } }))),
    route('GET applications', 'GET', fc.constant('/api/developer/applications')),
    route('GET application', 'GET', appPath()),
    route('POST verify hostname', 'POST', appPath(pathSegment(() => world.app.hostname, fc.domain()).map((hostname) => `/hostnames/${hostname}/verify`))),
    route('POST client-secret', 'POST', appPath(fc.constant('/client-secrets'))),
    route('DELETE client-secret', 'DELETE', appPath(pathSegment(() => world.spareSecretId, wellFormedSecretId).map((id) => `/client-secrets/${id}`))),
    route('GET variants', 'GET', appPath(fc.constant('/licenses/variants'))),
    route('POST variant', 'POST', appPath(fc.constant('/licenses/variants')), bodyFor(fieldsFor(variantFields))),
    route('PATCH variant', 'PATCH', variantPath(() => world.variantId), bodyFor(fieldsFor(variantFields))),
    route('DELETE variant', 'DELETE', variantPath(() => world.spareVariantId)),
    route('GET connected users', 'GET', appPath(fc.constant('/users')), noFields, pageQuery),
    route('DELETE connection', 'DELETE', appPath(pathSegment(() => world.spare.connectionId, wellFormedConnectionId).map((id) => `/users/${id}`))),
    route('POST status-sync test', 'POST', appPath(fc.constant('/status-sync-api/test'))),
    route('POST current-logins test', 'POST', appPath(fc.constant('/current-logins-sync-api/test'))),
  ];
}

// ---------------------------------------------------------------------------
// /api/applications (HTTP Basic)

export function appRoutes(world: FuzzWorld): fc.Arbitrary<FuzzCase>[] {
  const appId = pathSegment(() => world.app.appId, wellFormedAppId);
  const globalId = pathSegment(() => world.member.globalId, wellFormedGlobalId);
  const credentials = authorization(() => ({ clientId: world.app.appId, secret: world.app.clientSecret })).map((value): Array<[string, string | undefined]> => [['Authorization', value]]);
  const statusPath = fc.tuple(appId, globalId).map(([app, user]) => `/api/applications/${app}/users/${user}/status`);
  const statusFields = {
    status: { valid: fc.oneof(fc.constantFrom('PRO', ' pro plan ', 'FREE', 'none', 'Revoked'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })), odd: fc.constantFrom('  ', 'x'.repeat(65), 'a\u0000b'), required: true },
    variantName: { valid: fc.oneof(fc.constantFrom('Gold', 'gold', 'PRO'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })), odd: fc.constantFrom('', 'n'.repeat(101), 'tab\there') },
    duration: { valid: fc.constantFrom('MONTH', 'year', ' Lifetime '), odd: fc.constantFrom('WEEK', '', 'P1M') },
    expiresAt: { valid: fc.oneof(futureIso, fc.constantFrom(null, '2031-01-01T00:00:00+01:00')), odd: fc.constantFrom('2000-01-01T00:00:00Z', '2031-01-01T00:00:00', '2031-02-30T00:00:00Z', 'tomorrow', '') },
    revoke: { valid: fc.constantFrom(true, false, 'true', 'false', null), odd: fc.constantFrom('yes', 1, '', 'TRUE') },
  };
  const pageQuery = randomQuery({
    limit: fc.oneof(fc.constantFrom('1', '1000', '1001', '0', '-1', ' 5 ', '1e2'), nastyString),
    cursor: fc.oneof(live(() => world.cursor), nastyString, fc.base64String().map((text) => text.replace(/=+$/, ''))),
  });
  const route = (group: string, method: string, path: fc.Arbitrary<string>, body = noFields, query?: fc.Arbitrary<Record<string, string> | undefined>) =>
    cases({ group, method, path, body, credentials, world, query });
  return [
    route('PATCH user status', 'PATCH', statusPath, bodyFor(fieldsFor(statusFields))),
    route('GET user status', 'GET', statusPath),
    route('GET app users', 'GET', appId.map((id) => `/api/applications/${id}/users`), noFields, pageQuery),
  ];
}

// ---------------------------------------------------------------------------
// Routing: /health, unknown paths, wrong methods

const allMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

/** Route paths of lib/routes.ts with their parameters filled in (real ids or not), and the methods each serves. */
function routePaths(world: FuzzWorld, served: Array<{ method: string; path: string }>): fc.Arbitrary<{ path: string; methods: string[] }> {
  const templates = [...new Set(served.map((route) => route.path))];
  const fill: Record<string, fc.Arbitrary<string>> = {
    appId: pathSegment(() => world.app.appId, wellFormedAppId),
    globalId: pathSegment(() => world.member.globalId, wellFormedGlobalId),
    secretId: pathSegment(() => world.spareSecretId, wellFormedSecretId),
    variantId: pathSegment(() => world.spareVariantId, wellFormedVariantId),
    connectionId: pathSegment(() => world.spare.connectionId, wellFormedConnectionId),
    hostname: pathSegment(() => world.app.hostname, fc.domain()),
    // Webhook endpoints and events: well-formed ids of none the world has (an encoded segment, never a raw slash).
    endpointId: pathSegment(() => wellFormedEndpointId, fc.constant(wellFormedEndpointId)),
    eventId: pathSegment(() => wellFormedEventId, fc.constant(wellFormedEventId)),
  };
  return fc.constantFrom(...templates).chain((template) => {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const methods = served.filter((route) => route.path === template).map((route) => route.method);
    if (names.length === 0) return fc.constant({ path: template, methods });
    return fc.tuple(...names.map((name) => fill[name] ?? nastyString)).map((values) => {
      let path = template;
      names.forEach((name, index) => {
        path = path.replace(`{${name}}`, values[index] ?? '');
      });
      return { path, methods };
    });
  });
}

export function routingRoutes(world: FuzzWorld, served: Array<{ method: string; path: string }>): fc.Arbitrary<FuzzCase>[] {
  const anyBody = bodyFor(fieldsFor({ status: { valid: nastyString }, username: { valid: nastyString }, name: { valid: nastyString } }));
  const headers = fc.tuple(commonHeaders(world), adminAuth(world)).map(([common, admin]) => headersOf([...common, ...admin]));

  const health = fc
    .tuple(fc.constantFrom('/health', '/health/'), anyBody, headers, randomQuery())
    .map(([path, body, extra, query]): FuzzCase => ({ group: 'GET /health', request: request({ method: 'GET', path, body, headers: extra, query }) }));

  const unknownPath = fc.oneof(
    fc.webPath().map((path) => (path.startsWith('/') ? path : `/${path}`)),
    fc.array(pathSegment(), { minLength: 1, maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
    fc.constantFrom('/', '//', '/auth', '/auth/', '/api', '/api/', '/api/developer', '/HEALTH', '/health/x', '/auth/login/x', '/auth//login', '/AUTH/LOGIN',
      '/api/developer/applications/x/y/z', '/api/applications/app_x/users/XX1234/status/x', '/%2e%2e/health', '/auth/%6cogin', '/auth/login%00', '/api/developer/applications//client-secrets'),
    fc.integer({ min: 1000, max: 8000 }).map((length) => `/auth/${'a'.repeat(length)}`),
  );
  const unknown = fc
    .tuple(fc.constantFrom(...allMethods), unknownPath, anyBody, headers, randomQuery())
    .map(([method, path, body, extra, query]): FuzzCase => ({
      group: 'unknown path',
      request: request({ method, path, body, headers: extra, query }),
      expect: (result) => (result.status === 404 || result.status === 405 || result.status < 300 ? [] : [`unknown path answered ${result.status}`]),
    }));

  const wrongMethod = routePaths(world, served)
    .chain(({ path, methods }) => fc.tuple(fc.constant(path), fc.constant(methods), fc.constantFrom(...allMethods.filter((method) => !methods.includes(method)))))
    .chain(([path, methods, method]) =>
      fc.tuple(anyBody, headers, randomQuery()).map(([body, extra, query]): FuzzCase => ({
        group: 'wrong method',
        request: request({ method, path, body, headers: extra, query }),
        expect: (result) => {
          // A segment that decodes to several (e.g. %2F) names no route: 404 is right then.
          if (result.status === 404) return path.toLowerCase().includes('%2f') ? [] : ['a known path answered 404'];
          const allow = (result.headers.allow ?? '').split(',').map((value) => value.trim()).sort();
          const problems = result.status === 405 ? [] : [`wrong method answered ${result.status}`];
          if (allow.join(',') !== [...methods].sort().join(',')) problems.push(`Allow: ${result.headers.allow} (serves ${methods.join(', ')})`);
          return problems;
        },
      })),
    );

  return [health, unknown, wrongMethod];
}
