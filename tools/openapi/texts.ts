/** Prose of the OpenAPI document that belongs to no single route. */

export const pathParameterDescriptions: Record<string, string> = {
  appId: "The application's id (also its HTTP Basic `client_id`), e.g. `app_3kt9xq2mw7hv5bnc8dpr`.",
  globalId: "The user's global id: 2 upper-case letters and 4 digits, e.g. `SM4521`. A malformed one names no user (404).",
  secretId: "A client secret's id, e.g. `sec_8fj2k0pq4mzr6tyv`.",
  variantId: "A variant's id.",
  connectionId: "A connection's id (the `id` of the developer's user list).",
  endpointId: "A webhook endpoint's id (`we_...`).",
  eventId: 'An event id (`evt_` + a ULID), as delivered in `webhook-id` and in the feed.',
  hostname: 'One of the application\'s hostnames, e.g. `shop.example.com`.',
};

export const tagDescriptions: Record<string, string> = {
  Sessions: 'Spaaza-style session endpoints (`/auth`). Bodies are JSON or form-encoded; errors use the Spaaza body.',
  Developer: 'The developer API (`/api/developer`), authenticated by an admin session (headers or cookie).',
  Members: "Routes a member of an application calls with their member session (`/api/user`): the session headers and the app's hostname header.",
  'App backend': "Your backend's API (`/api/applications`), authenticated by HTTP Basic with `client_id` = appId.",
  Operations: 'Operational endpoints.',
};

export const apiDescription = [
  'Signet signs users in (Spaaza-style `/auth` calls), checks sessions, and mirrors each user\'s plan from your own billing system.',
  '',
  '## Error bodies',
  '',
  '`/api/...` and other routes: `{ "ok": false, "error": "<code>", "message": "..." }`; `invalid_request` adds ',
  '`"issues": [{ "path", "message" }]`. `/auth/...` routes (Spaaza style): ',
  '`{ "result": { "code": 2, "status": "error" }, "error": { "code", "name", "description" } }`. ',
  'A 503 carries `retryable` and `outcome` (`not_applied` or `unknown`; `/auth`: inside `error`).',
  'Every error each operation can answer is listed under it, with its code and name.',
  '',
  'A request is checked in this order: route and method, authentication, content type and parsing, validation, existence of what it names. ',
  'Any path the API does not serve is a 404 `not_found` (`/auth`: code 1001 `api_call_not_found`); a method the path does not serve is a 405 ',
  '`method_not_allowed` (`/auth`: code 4 `http_request_method_not_allowed`) with an `Allow` header, listed as the 405 of each of the path\'s operations. ',
  'Both use the error body of the path\'s style. Headers past the server\'s limit are a 431 before any route runs (listed under every operation).',
  '',
  '## Conventions',
  '',
  '- `/api` timestamps are ISO-8601 UTC with milliseconds (`2026-11-21T10:00:00.000Z`); `/auth` date-times are UTC `YYYY-MM-DD HH:MM:SS`. A field with no value is present as `null`.',
  '- Header names are case-insensitive. A POST with no body needs no content type.',
  '- Throttling is aimed at failures: wrong secrets per (appId, source IP) and failed logins per (username, source IP) and per source IP get 429 with `Retry-After`; valid credentials are never throttled because of anybody else\'s failures.',
  '- POST, PATCH and DELETE under `/api/` and POST `/auth/add-user` take an `Idempotency-Key` header.',
].join('\n');
