import type { core } from 'zod/mini';
import { assertClientSecretPepperConfigured } from '../secrets/pepper.js';
import { authenticateAdmin, authenticateAdminAlongside, type AdminIdentity } from '../auth/admin-session.js';
import { createHandler, type HandlerOptions, type UseCaseRunner } from '../http/handler.js';
import { resolveClientAddress } from '../http/client-address.js';
import { idempotencySteps } from '../http/idempotency.js';
import type { HttpRequest } from '../http/request.js';

/** What a developer use case knows of its caller: the admin's userId (every ownership check is by it). */
export type DeveloperIdentity = Pick<AdminIdentity, 'userId'>;

/**
 * createHandler for the developer routes (docs/api.md, Developer): an admin session. A write
 * checks it before the body is read; a read (GET) reads its data alongside the session read
 * and answers nothing until the session is proven (authenticateAdminAlongside): one wave.
 */
export function createDeveloperHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, DeveloperIdentity>, 'authenticate'>,
  run: UseCaseRunner<core.output<Schema>, DeveloperIdentity>,
) {
  assertClientSecretPepperConfigured(); // a missing pepper fails the cold start with a configuration error (docs/security.md)
  const authenticate = (request: HttpRequest): Promise<DeveloperIdentity> => (request.method === 'GET' ? authenticateAdminAlongside(request) : authenticateAdmin(request));
  return createHandler<Schema, DeveloperIdentity>({ ...options, clientAddress: resolveClientAddress, idempotency: idempotencySteps, authenticate }, run);
}

/** Path parameters as the route table names them; absent ones are empty (and then not found). */
export function pathParameter(request: HttpRequest, name: string): string {
  return request.pathParameters[name] ?? '';
}
