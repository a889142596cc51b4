import { routes } from '../lib/routes.js';
import { contractProblems, sendRaw, snapshotDifferences, snapshotTable, type FuzzRequest } from './support/fuzz.js';
import { defaultPassword, uniqueUsername } from './support/accounts.js';
import { basicAuth } from './support/api.js';
import { uniqueHostname } from './support/applications.js';
import { seedWorld, wellFormedEndpointId, wellFormedEventId, type FuzzWorld } from './support/fuzz-routes.js';

/**
 * The edges random generation reaches only sometimes, tried on every route every run: each
 * path parameter oversized (past DynamoDB's key limits), multi-byte, NUL or badly encoded,
 * with valid credentials and the real values of the other parameters, so the value reaches
 * the use case. Every answer must meet the contract and change nothing.
 */
let world: FuzzWorld;

beforeAll(async () => {
  world = await seedWorld();
}, 120_000);

const oddSegments: Record<string, string> = {
  'oversized ASCII': 'x'.repeat(3000),
  'oversized multi-byte': '%F0%9F%98%80'.repeat(600),
  'NUL': '%00',
  'bad percent-encoding': '%E0%A4%A',
  'encoded slash': 'a%2Fb',
  'blank': '%20',
  'RTL override': '%E2%80%AEabc',
  'lone surrogate escape': '%ED%A0%80',
};

function realValue(name: string): string {
  const values: Record<string, string> = {
    appId: world.app.appId,
    globalId: world.member.globalId,
    secretId: world.spareSecretId,
    variantId: world.spareVariantId,
    connectionId: world.spare.connectionId,
    hostname: world.app.hostname,
    endpointId: wellFormedEndpointId,
    eventId: wellFormedEventId,
  };
  const value = values[name];
  if (value === undefined) throw new Error(`no real value for {${name}}`);
  return value;
}

/** A body each route with a schema accepts, so the odd parameter or header reaches the use case. */
function validBody(route: { method: string; path: string }): unknown {
  const bodies: Record<string, () => unknown> = {
    'POST /auth/add-user': () => ({ username: uniqueUsername('edge'), password: defaultPassword }),
    // A wrong password: the username is soon throttled, so no scrypt work, but the hostname is still looked up.
    'POST /auth/login': () => ({ username: 'edge-locked@example.com', password: 'not the password' }),
    'POST /auth/get-login-status': () => ({ user_id: world.member.userId, session_key: world.member.sessionKey }),
    'POST /api/developer/applications': () => ({ name: 'Edge', hostnames: [uniqueHostname('edge')] }),
    'POST /api/developer/applications/{appId}/licenses/variants': () => ({ name: `Edge ${Math.random()}` }),
    'PATCH /api/developer/applications/{appId}/licenses/variants/{variantId}': () => ({ description: 'edge' }),
    'PATCH /api/applications/{appId}/users/{globalId}/status': () => ({ status: 'PRO' }),
  };
  return bodies[`${route.method} ${route.path}`]?.();
}

function credentialsFor(path: string): Record<string, string> {
  if (path.startsWith('/api/developer/')) return { 'x-spaaza-session-user-id': String(world.admin.userId), 'x-spaaza-session-key': world.admin.sessionKey };
  if (path.startsWith('/api/applications/')) return basicAuth(world.app.appId, world.app.clientSecret);
  return {};
}

it('every path parameter of every route, oversized or oddly encoded, gets a contract answer and changes nothing', async () => {
  const before = await snapshotTable();
  const failures: string[] = [];
  let tried = 0;
  for (const route of routes) {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    for (const target of names) {
      for (const [label, segment] of Object.entries(oddSegments)) {
        let path = route.path;
        for (const name of names) path = path.replace(`{${name}}`, name === target ? segment : encodeURIComponent(realValue(name)));
        const body = validBody(route);
        const headers = { ...credentialsFor(route.path), ...(body ? { 'content-type': 'application/json' } : {}) };
        const request: FuzzRequest = { method: route.method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) };
        const result = await sendRaw(request);
        tried += 1;
        const problems = contractProblems(request, result);
        if (result.status < 400) problems.push(`accepted with status ${result.status}`);
        if (problems.length > 0) failures.push(`${route.method} ${route.path} {${target}} ${label}: ${problems.join('; ')} (${result.raw.body.slice(0, 120)})`);
      }
    }
  }
  expect(failures).toEqual([]);
  expect(snapshotDifferences(before, await snapshotTable()).map((difference) => difference.change)).toEqual([]);
  console.log(`fuzz boundaries: ${tried} cases (every path parameter of every route x ${Object.keys(oddSegments).length} odd values)`);
}, 120_000);

const oddHeaderValues: Record<string, string> = {
  'oversized ASCII': 'a'.repeat(8000),
  'oversized multi-byte': '\u{1f600}'.repeat(2000),
  'NUL': '\u0000',
  'Latin-1 bytes (not UTF-8)': '\u00ff\u00fe\u00e9',
  'RTL override': '\u202eabc',
};

const credentialHeaders = ['x-spaaza-myprice-app-hostname', 'x-spaaza-session-user-id', 'x-spaaza-session-key', 'authorization', 'cookie', 'x-spaaza-api-version', 'content-type'];

function validRequest(route: (typeof routes)[number]): FuzzRequest {
  const path = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(realValue(name)));
  const body = validBody(route);
  const headers = { ...credentialsFor(route.path), ...(body ? { 'content-type': 'application/json' } : {}) };
  return { method: route.method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

it('every credential and content header of every route, oversized or oddly encoded, gets a contract answer', async () => {
  const failures: string[] = [];
  let tried = 0;
  // DELETE routes would consume the seeded world when the odd header is ignored and the request succeeds.
  for (const route of routes.filter((candidate) => candidate.method !== 'DELETE')) {
    // add-user reads only the version and content type; the rest would only add scrypt work.
    const headers = route.path === '/auth/add-user' ? ['x-spaaza-api-version', 'content-type'] : credentialHeaders;
    for (const header of headers) {
      for (const [label, value] of Object.entries(oddHeaderValues)) {
        const request = validRequest(route);
        request.headers = { ...request.headers, [header]: value };
        if (header === 'content-type' && !request.body) request.body = '{"a":1}';
        const result = await sendRaw(request);
        tried += 1;
        const problems = contractProblems(request, result);
        if (problems.length > 0) failures.push(`${route.method} ${route.path} ${header} ${label}: ${problems.join('; ')} (${result.raw.body.slice(0, 120)})`);
      }
    }
  }
  expect(failures).toEqual([]);
  console.log(`fuzz boundaries: ${tried} cases (every credential/content header of every non-DELETE route x ${Object.keys(oddHeaderValues).length} odd values)`);
}, 120_000);
