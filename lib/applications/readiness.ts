import type * as z from 'zod/mini';
import { config } from '../config.js';
import { hasActiveConnection } from '../entities/connection.js';
import { matchRoute } from '../route-matching.js';
import { routes, type HttpMethod } from '../routes.js';
import { requireOwnedApplicationWithSecrets } from './repository.js';
import type { readinessCheckSchema, readinessReportSchema } from './response-schemas.js';

/**
 * The integration readiness reports of the developer portal (docs/api.md, Developer, seed §7):
 * what an app backend calls, and whether it can succeed now. Every check is real:
 * the app's active secrets, its connections, and the route table this code was
 * deployed from (checked in-process, not by calling the API).
 */
export type IntegrationApi = 'status-sync' | 'current-logins';

interface ApiDescription {
  method: HttpMethod;
  /** The route table's path of the endpoint. */
  routePath: string;
  /** The function that must serve it. */
  function: string;
}

const apis: Record<IntegrationApi, ApiDescription> = {
  'status-sync': { method: 'PATCH', routePath: '/api/applications/{appId}/users/{globalId}/status', function: 'app-update-user-status' },
  'current-logins': { method: 'GET', routePath: '/api/applications/{appId}/users', function: 'app-list-users' },
};

/** The documented shapes (./response-schemas.ts). */
export type ReadinessCheck = z.output<typeof readinessCheckSchema>;
export type ReadinessReport = z.output<typeof readinessReportSchema>;

/** PUBLIC_BASE_URL without a trailing slash; locally http://127.0.0.1:<PORT>. */
export function publicBaseUrl(): string {
  const { PUBLIC_BASE_URL, PORT } = config();
  return (PUBLIC_BASE_URL ?? `http://127.0.0.1:${PORT}`).replace(/\/+$/, '');
}

/** A sample globalId to resolve a concrete path against the route table. */
const sampleGlobalId = 'AA0000';

function routeCheck(appId: string, description: ApiDescription): ReadinessCheck {
  const concretePath = description.routePath.replace('{appId}', encodeURIComponent(appId)).replace('{globalId}', sampleGlobalId);
  const match = matchRoute(description.method, concretePath);
  const declared = routes.some((route) => route.method === description.method && route.path === description.routePath);
  const ok = declared && match?.route.function === description.function && match.pathParameters.appId === appId;
  return {
    name: 'route_deployed',
    ok,
    detail: ok
      ? `${description.method} ${description.routePath} is deployed and served by ${description.function}`
      : `${description.method} ${description.routePath} is not in this deployment's route table`,
  };
}

export async function integrationReadiness(appId: string, ownerUserId: number, api: IntegrationApi): Promise<ReadinessReport> {
  const description = apis[api];
  // The connection query runs beside the owner check; its answer is dropped if the app is not the caller's.
  const [{ secrets }, connected] = await Promise.all([
    requireOwnedApplicationWithSecrets(appId, ownerUserId),
    hasActiveConnection(appId),
  ]);
  const secretsPath = `/api/developer/applications/${appId}/client-secrets`;
  const checks: ReadinessCheck[] = [
    {
      name: 'client_secret',
      ok: secrets.length > 0,
      detail:
        secrets.length > 0
          ? `${secrets.length} active client secret${secrets.length === 1 ? '' : 's'}`
          : `No active client secret: create one with POST ${secretsPath}`,
    },
    {
      name: 'active_connection',
      ok: connected,
      detail: connected
        ? 'At least one user has an active connection to this application'
        : "No user has an active connection yet: a user connects by signing in to the app (POST /auth/add-user for a new account, then POST /auth/login with a verified hostname of the app in X-Spaaza-MyPrice-App-Hostname)",
    },
    routeCheck(appId, description),
  ];
  const path = description.routePath.replace(/\{(\w+)\}/g, ':$1');
  const url = publicBaseUrl() + description.routePath.replace('{appId}', encodeURIComponent(appId));
  return {
    api,
    ready: checks.every((check) => check.ok),
    endpoint: { method: description.method, path, url, auth: 'basic', clientId: appId },
    checks,
  };
}
