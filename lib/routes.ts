/**
 * The route table: the single source of truth for every HTTP route. The CDK API
 * stack builds one Lambda per entry from it, the local server serves it, and the
 * fallback function answers 404/405 from it. Paths use API Gateway's `{param}` form.
 *
 * `function` names the folder `functions/<function>/handler.ts` (export `handler`).
 * `table` is the access the function is granted: nothing, read-only or read-write.
 */
import type { HttpMethod } from './route-kinds.js';

export type { HttpMethod };
export { isIdempotentRoute } from './route-kinds.js';
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface Route {
  method: HttpMethod;
  path: string;
  function: string;
  table: TableAccess;
  /**
   * A `read` route that also records the matched client secret's `lastUsedAt` (HTTP Basic
   * auth, at most once a minute, for safe rotation). It gets read access plus an UpdateItem
   * limited to that one attribute in application partitions (infra/table-access.ts).
   */
  recordsSecretUse?: true;
  /**
   * A `read` route that counts failures (lib/throttle: get-login-status's failed checks by
   * username per source IP, issue 21): UpdateItem limited to the `THROTTLE#` partitions.
   */
  countsFailures?: true;
  /** The function sends mail: it is granted ses:SendEmail from the stage's identity (infra), nothing else is. */
  mail?: true;
}

const developerApp = '/api/developer/applications/{appId}';
const appUsers = '/api/applications/{appId}/users';
const webhook = `${developerApp}/webhooks/{endpointId}`;

export const routes: readonly Route[] = [
  // §6 operations
  { method: 'GET', path: '/health', function: 'health', table: 'none' },

  // §3 Spaaza-style session endpoints
  { method: 'POST', path: '/auth/add-user', function: 'auth-add-user', table: 'readWrite' },
  { method: 'POST', path: '/auth/login', function: 'auth-login', table: 'readWrite' },
  { method: 'POST', path: '/auth/get-login-status', function: 'auth-get-login-status', table: 'read', countsFailures: true },
  // Spaaza's official clients check sessions with GET (parameters in the query string): same function.
  { method: 'GET', path: '/auth/get-login-status', function: 'auth-get-login-status', table: 'read', countsFailures: true },
  { method: 'DELETE', path: '/auth/logout', function: 'auth-logout', table: 'readWrite' },

  // §8 account lifecycle; Spaaza's own paths are aliases of the same functions
  { method: 'POST', path: '/auth/request-password-reset', function: 'auth-request-password-reset', table: 'readWrite', mail: true },
  { method: 'POST', path: '/internal/request-password-reset', function: 'auth-request-password-reset', table: 'readWrite', mail: true },
  { method: 'POST', path: '/auth/reset-password', function: 'auth-reset-password', table: 'readWrite' },
  { method: 'POST', path: '/auth/change-password', function: 'auth-change-password', table: 'readWrite' },
  { method: 'PUT', path: '/auth/alter-user', function: 'auth-alter-user', table: 'readWrite' },
  { method: 'PUT', path: '/internal/alter-user', function: 'auth-alter-user', table: 'readWrite' },
  { method: 'DELETE', path: '/auth/delete-user', function: 'auth-delete-user', table: 'readWrite' },
  { method: 'DELETE', path: '/delete-user', function: 'auth-delete-user', table: 'readWrite' },

  // §4 developer endpoints (admin session)
  { method: 'POST', path: '/api/developer/applications', function: 'developer-create-application', table: 'readWrite' },
  { method: 'GET', path: '/api/developer/applications', function: 'developer-list-applications', table: 'read' },
  { method: 'GET', path: developerApp, function: 'developer-get-application', table: 'read' },
  { method: 'PATCH', path: developerApp, function: 'developer-update-application', table: 'readWrite' },
  { method: 'DELETE', path: developerApp, function: 'developer-delete-application', table: 'readWrite' },
  { method: 'POST', path: `${developerApp}/hostnames/{hostname}/verify`, function: 'developer-verify-hostname', table: 'readWrite' },
  // issue 21: an existing developer grants an existing account the developer role
  { method: 'POST', path: '/api/developer/invitations', function: 'developer-invite', table: 'readWrite' },
  { method: 'POST', path: `${developerApp}/client-secrets`, function: 'developer-create-client-secret', table: 'readWrite' },
  { method: 'DELETE', path: `${developerApp}/client-secrets/{secretId}`, function: 'developer-delete-client-secret', table: 'readWrite' },
  { method: 'GET', path: `${developerApp}/licenses/variants`, function: 'developer-list-variants', table: 'read' },
  { method: 'POST', path: `${developerApp}/licenses/variants`, function: 'developer-create-variant', table: 'readWrite' },
  { method: 'PATCH', path: `${developerApp}/licenses/variants/{variantId}`, function: 'developer-update-variant', table: 'readWrite' },
  { method: 'DELETE', path: `${developerApp}/licenses/variants/{variantId}`, function: 'developer-delete-variant', table: 'readWrite' },
  { method: 'GET', path: `${developerApp}/licenses/codes`, function: 'developer-list-license-codes', table: 'read' },
  { method: 'POST', path: `${developerApp}/licenses/codes`, function: 'developer-generate-license-codes', table: 'readWrite' },
  { method: 'POST', path: `${developerApp}/licenses/codes/import`, function: 'developer-import-license-codes', table: 'readWrite' },
  { method: 'GET', path: `${developerApp}/users`, function: 'developer-list-connected-users', table: 'read' },
  { method: 'DELETE', path: `${developerApp}/users/{connectionId}`, function: 'developer-delete-connection', table: 'readWrite' },
  { method: 'POST', path: `${developerApp}/status-sync-api/test`, function: 'developer-test-status-sync', table: 'read' },
  { method: 'POST', path: `${developerApp}/current-logins-sync-api/test`, function: 'developer-test-current-logins', table: 'read' },

  // §9 webhooks (admin session)
  { method: 'POST', path: `${developerApp}/webhooks`, function: 'developer-create-webhook', table: 'readWrite' },
  { method: 'GET', path: `${developerApp}/webhooks`, function: 'developer-list-webhooks', table: 'read' },
  { method: 'GET', path: webhook, function: 'developer-get-webhook', table: 'read' },
  { method: 'PATCH', path: webhook, function: 'developer-update-webhook', table: 'readWrite' },
  { method: 'DELETE', path: webhook, function: 'developer-delete-webhook', table: 'readWrite' },
  { method: 'POST', path: `${webhook}/rotate-secret`, function: 'developer-rotate-webhook-secret', table: 'readWrite' },
  { method: 'POST', path: `${webhook}/test`, function: 'developer-test-webhook', table: 'readWrite' },
  { method: 'GET', path: `${webhook}/deliveries`, function: 'developer-list-webhook-deliveries', table: 'read' },
  { method: 'POST', path: `${webhook}/recover`, function: 'developer-recover-webhook', table: 'readWrite' },
  { method: 'POST', path: `${developerApp}/events/{eventId}/replay`, function: 'developer-replay-event', table: 'readWrite' },

  // license codes: a member of an app redeems one (member session + hostname headers)
  { method: 'POST', path: '/api/user/licenses/redeem', function: 'user-redeem-license', table: 'readWrite' },

  // §5 app backend endpoints (HTTP Basic)
  { method: 'PATCH', path: `${appUsers}/{globalId}/status`, function: 'app-update-user-status', table: 'readWrite' },
  { method: 'GET', path: `${appUsers}/{globalId}/status`, function: 'app-get-user-status', table: 'read', recordsSecretUse: true },
  { method: 'GET', path: appUsers, function: 'app-list-users', table: 'read', recordsSecretUse: true },
  { method: 'GET', path: '/api/applications/{appId}/events', function: 'app-list-events', table: 'read', recordsSecretUse: true },
];

/** Answers every request no route matches (404) or that uses a method the path does not serve (405). */
export const fallbackFunction = 'route-fallback';

/** Every function the API deploys: one per route's function, plus the fallback. */
export const functionNames: readonly string[] = [...new Set(routes.map((route) => route.function)), fallbackFunction];
