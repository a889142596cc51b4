/**
 * `npm run events`: writes events/<function>.json, one API Gateway REST (payload
 * v1 proxy) event per function, as the deployed edge-optimized API would send it.
 * They feed `npm run invoke -- <function> events/<function>.json` and
 * `sam local invoke <LogicalId> -e events/<function>.json`. The sample ids are
 * well-formed but made up: on an empty table most calls answer 401/404, which is
 * what they should do; add-user then login work from scratch.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { matchRoute } from '../lib/route-matching.js';
import { fallbackFunction } from '../lib/routes.js';

export const eventsDir = join(import.meta.dirname, '..', 'events');

const sample = {
  apiId: 'a1b2c3d4e5',
  region: 'eu-west-1',
  stage: 'dev',
  accountId: '123456789012',
  sourceIp: '203.0.113.10',
  userAgent: 'curl/8.5.0',
  hostname: 'app.example.com',
  username: 'sam@example.com',
  password: 'correct-horse-1',
  userId: '114521',
  sessionKey: '3f8a6c1d9e0b47a2c5d8e1f4a7b0c3d6e9f2a5b8c1d4e7f0a3b6c9d2e5f8a1b4',
  appId: 'app_7k3m9q2xw4hz8rtv5bnc',
  clientSecret: 'signet_cs_EXAMPLEexampleEXAMPLEexampleEXAMPLEexample0',
  secretId: 'sec_a4d8f2k9m3n7p5q1',
  variantId: '5c1e7a2b-8d4f-4e6a-9b3c-0f1d2e3a4b5c',
  connectionId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  globalId: 'KX4821',
  endpointId: 'we_7hq2m9xk4v8p3c6t5n8c',
  eventId: 'evt_01JEX7T1QZ5C8W3M9R2K4N6P8B',
  /** 2026-11-21 10:00:00 UTC */
  epochMs: Date.UTC(2026, 10, 21, 10, 0, 0),
};

interface EventSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** A plain-text body of its own media type (the CSV import). */
  text?: { contentType: string; body: string };
}

const admin = { 'X-Spaaza-Session-User-Id': sample.userId, 'X-Spaaza-Session-Key': sample.sessionKey };
const basic = { Authorization: `Basic ${Buffer.from(`${sample.appId}:${sample.clientSecret}`).toString('base64')}` };
const app = `/api/developer/applications/${sample.appId}`;
const appUsers = `/api/applications/${sample.appId}/users`;

/** One realistic request per function of the route table. */
export const eventSpecs: Record<string, EventSpec> = {
  health: { method: 'GET', path: '/health' },
  'auth-add-user': {
    method: 'POST',
    path: '/auth/add-user',
    form: { username: sample.username, password: sample.password, first_name: 'Sam', last_name: 'Example', gender: 'nonbinary', birthday: '1990-04-12' },
  },
  // Without the hostname header: an admin session, so add-user then login work on an empty table.
  'auth-login': { method: 'POST', path: '/auth/login', form: { username: sample.username, password: sample.password } },
  'auth-get-login-status': {
    method: 'POST',
    path: '/auth/get-login-status',
    headers: { 'X-Spaaza-MyPrice-App-Hostname': sample.hostname, 'X-Spaaza-API-Version': '1.4.10' },
    form: { user_id: sample.userId, session_key: sample.sessionKey },
  },
  'auth-logout': { method: 'DELETE', path: '/auth/logout', headers: admin },
  'auth-request-password-reset': { method: 'POST', path: '/auth/request-password-reset', form: { username: sample.username } },
  'auth-reset-password': { method: 'POST', path: '/auth/reset-password', form: { token: 'Jq3m4cP0uJx3u0Yz2f9m5qK7yV1bT8wR6nL2dH4sA0e', password: 'a-new-password-1' } },
  'auth-change-password': { method: 'POST', path: '/auth/change-password', headers: admin, form: { current_password: sample.password, new_password: 'a-new-password-1' } },
  'auth-alter-user': { method: 'PUT', path: '/auth/alter-user', headers: admin, form: { last_name: 'Sample' } },
  'auth-delete-user': { method: 'DELETE', path: '/auth/delete-user', headers: admin, form: { password: sample.password } },
  'developer-create-application': {
    method: 'POST',
    path: '/api/developer/applications',
    headers: admin,
    json: { name: 'My App', hostnames: [sample.hostname] },
  },
  'developer-list-applications': { method: 'GET', path: '/api/developer/applications', headers: admin },
  'developer-get-application': { method: 'GET', path: app, headers: admin },
  'developer-update-application': { method: 'PATCH', path: app, headers: admin, json: { passwordResetUrl: 'https://app.example.com/reset-password?token={token}' } },
  'developer-delete-application': { method: 'DELETE', path: app, headers: admin },
  'developer-verify-hostname': { method: 'POST', path: `${app}/hostnames/shop.example.net/verify`, headers: admin },
  'developer-invite': { method: 'POST', path: '/api/developer/invitations', headers: admin, json: { username: 'alex@example.com' } },
  'developer-create-client-secret': { method: 'POST', path: `${app}/client-secrets`, headers: admin },
  'developer-delete-client-secret': { method: 'DELETE', path: `${app}/client-secrets/${sample.secretId}`, headers: admin },
  'developer-list-variants': { method: 'GET', path: `${app}/licenses/variants`, headers: admin },
  'developer-create-variant': {
    method: 'POST',
    path: `${app}/licenses/variants`,
    headers: admin,
    json: { name: 'PRO', description: 'Pro plan', defaultDuration: 'MONTH' },
  },
  'developer-update-variant': {
    method: 'PATCH',
    path: `${app}/licenses/variants/${sample.variantId}`,
    headers: admin,
    json: { description: 'Pro plan, billed monthly' },
  },
  'developer-delete-variant': { method: 'DELETE', path: `${app}/licenses/variants/${sample.variantId}`, headers: admin },
  'developer-list-license-codes': { method: 'GET', path: `${app}/licenses/codes`, headers: admin, query: { state: 'UNUSED', limit: '100' } },
  'developer-generate-license-codes': {
    method: 'POST',
    path: `${app}/licenses/codes`,
    headers: admin,
    json: { variantId: sample.variantId, count: 10, expiresAt: '2027-12-31T23:59:59Z' },
  },
  'developer-import-license-codes': {
    method: 'POST',
    path: `${app}/licenses/codes/import`,
    headers: admin,
    query: { variantId: sample.variantId },
    text: { contentType: 'text/csv', body: 'code,expiresAt\nPARTNER-2026-0001\nPARTNER-2026-0002,2027-06-30T00:00:00Z\n' },
  },
  'user-redeem-license': {
    method: 'POST',
    path: '/api/user/licenses/redeem',
    headers: { ...admin, 'X-Spaaza-MyPrice-App-Hostname': sample.hostname },
    json: { code: 'K7QM-3XWD-9FRT-2HNP' },
  },
  'developer-list-connected-users': { method: 'GET', path: `${app}/users`, headers: admin, query: { limit: '50' } },
  'developer-delete-connection': { method: 'DELETE', path: `${app}/users/${sample.connectionId}`, headers: admin },
  'developer-test-status-sync': { method: 'POST', path: `${app}/status-sync-api/test`, headers: admin },
  'developer-test-current-logins': { method: 'POST', path: `${app}/current-logins-sync-api/test`, headers: admin },
  // webhooks and events (docs/webhooks.md)
  'developer-create-webhook': { method: 'POST', path: `${app}/webhooks`, headers: admin, json: { url: 'https://api.example.com/signet/webhooks', eventTypes: ['*'] } },
  'developer-list-webhooks': { method: 'GET', path: `${app}/webhooks`, headers: admin },
  'developer-get-webhook': { method: 'GET', path: `${app}/webhooks/${sample.endpointId}`, headers: admin },
  'developer-update-webhook': { method: 'PATCH', path: `${app}/webhooks/${sample.endpointId}`, headers: admin, json: { enabled: false } },
  'developer-delete-webhook': { method: 'DELETE', path: `${app}/webhooks/${sample.endpointId}`, headers: admin },
  'developer-rotate-webhook-secret': { method: 'POST', path: `${app}/webhooks/${sample.endpointId}/rotate-secret`, headers: admin },
  'developer-test-webhook': { method: 'POST', path: `${app}/webhooks/${sample.endpointId}/test`, headers: admin },
  'developer-list-webhook-deliveries': { method: 'GET', path: `${app}/webhooks/${sample.endpointId}/deliveries`, headers: admin, query: { limit: '20' } },
  'developer-recover-webhook': { method: 'POST', path: `${app}/webhooks/${sample.endpointId}/recover`, headers: admin, json: { since: '2026-11-20T00:00:00Z' } },
  'developer-replay-event': { method: 'POST', path: `${app}/events/${sample.eventId}/replay`, headers: admin },
  'app-list-events': { method: 'GET', path: `/api/applications/${sample.appId}/events`, headers: basic, query: { limit: '100' } },
  'app-update-user-status': {
    method: 'PATCH',
    path: `${appUsers}/${sample.globalId}/status`,
    headers: basic,
    json: { status: 'PRO', duration: 'MONTH' },
  },
  'app-get-user-status': { method: 'GET', path: `${appUsers}/${sample.globalId}/status`, headers: basic },
  'app-list-users': { method: 'GET', path: appUsers, headers: basic, query: { limit: '100' } },
  [fallbackFunction]: { method: 'GET', path: '/api/v2/unknown' },
};

/** A stable UUID-shaped id per seed, so regenerating changes nothing. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function buildEvent(functionName: string, spec: EventSpec): APIGatewayProxyEvent {
  const match = matchRoute(spec.method, spec.path);
  const resource = match?.route.path ?? '/{proxy+}';
  const pathParameters = match ? match.pathParameters : { proxy: spec.path.slice(1) };
  const domainName = `${sample.apiId}.execute-api.${sample.region}.amazonaws.com`;
  const requestId = stableId(`request:${functionName}`);
  const traceId = `Root=1-${Math.floor(sample.epochMs / 1000).toString(16)}-${stableId(`trace:${functionName}`).replace(/-/g, '').slice(0, 24)}`;

  let body: string | null = null;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: domainName,
    'User-Agent': sample.userAgent,
    Via: '2.0 4a1f2e3d5c6b7a8e9f0d1c2b3a4e5f6d.cloudfront.net (CloudFront)',
    'X-Amz-Cf-Id': createHash('sha256').update(`cf:${functionName}`).digest('base64url').slice(0, 40) + '==',
    'X-Amzn-Trace-Id': traceId,
    'X-Forwarded-For': `${sample.sourceIp}, 130.176.98.77`,
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...spec.headers,
  };
  if (spec.form) {
    body = new URLSearchParams(spec.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (spec.json !== undefined) {
    body = JSON.stringify(spec.json);
    headers['Content-Type'] = 'application/json';
  } else if (spec.text) {
    body = spec.text.body;
    headers['Content-Type'] = spec.text.contentType;
  }
  if (body !== null) headers['Content-Length'] = String(Buffer.byteLength(body));

  const query = spec.query && Object.keys(spec.query).length > 0 ? spec.query : null;
  return {
    resource,
    path: spec.path,
    httpMethod: spec.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]])) : null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    requestContext: {
      resourceId: stableId(`resource:${resource}`).slice(0, 6),
      resourcePath: resource,
      httpMethod: spec.method,
      extendedRequestId: stableId(`extended:${functionName}`).replace(/-/g, '').slice(0, 16),
      requestTime: requestTime(sample.epochMs),
      path: `/${sample.stage}${spec.path}`,
      accountId: sample.accountId,
      protocol: 'HTTP/1.1',
      stage: sample.stage,
      domainPrefix: sample.apiId,
      requestTimeEpoch: sample.epochMs,
      requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: sample.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: sample.userAgent,
        user: null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      domainName,
      apiId: sample.apiId,
      authorizer: null,
    },
    body,
    isBase64Encoded: false,
  };
}

export function buildEvents(): Record<string, APIGatewayProxyEvent> {
  return Object.fromEntries(Object.entries(eventSpecs).map(([name, spec]) => [name, buildEvent(name, spec)]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(eventsDir, { recursive: true });
  for (const [name, event] of Object.entries(buildEvents())) {
    writeFileSync(join(eventsDir, `${name}.json`), `${JSON.stringify(event, null, 2)}\n`);
  }
  console.log(`Wrote ${Object.keys(eventSpecs).length} events to ${eventsDir}`);
}
