/**
 * What a route is, from its method and path alone: apart from the route table (lib/routes.ts)
 * so a function that asks does not bundle the whole table (~5 KB).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Routes that accept an `Idempotency-Key` (docs/architecture.md, Idempotency keys): every POST, PATCH and DELETE
 * under /api/, and POST /auth/add-user. Derived from method and path, so a new route
 * gets it without a flag (lib/http/idempotency.ts).
 */
export function isIdempotentRoute(route: { method: HttpMethod; path: string }): boolean {
  if (route.method === 'POST' && route.path === '/auth/add-user') return true;
  return route.path.startsWith('/api/') && (route.method === 'POST' || route.method === 'PATCH' || route.method === 'DELETE');
}

