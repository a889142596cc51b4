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
 * createHandler for the developer write routes (docs/api.md, Developer): an admin session,
 * checked before the body is read, and Idempotency-Key support.
 */
export function createDeveloperHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, DeveloperIdentity>, 'authenticate'>,
  run: UseCaseRunner<core.output<Schema>, DeveloperIdentity>,
) {
  assertClientSecretPepperConfigured(); // a missing pepper fails the cold start with a configuration error (docs/security.md)
  return createHandler<Schema, DeveloperIdentity>({ ...options, jsonOnly: true, clientAddress: resolveClientAddress, idempotency: idempotencySteps, authenticate: authenticateAdmin }, run);
}

/**
 * createHandler for the developer read routes (GET): the route reads its data alongside the
 * admin session read and answers nothing until the session is proven
 * (authenticateAdminAlongside): one wave. No Idempotency-Key on a GET, so the idempotency
 * steps stay out of these bundles (3.4 KB).
 */
export function createDeveloperReadHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, DeveloperIdentity>, 'authenticate' | 'idempotency'>,
  run: UseCaseRunner<core.output<Schema>, DeveloperIdentity>,
) {
  assertClientSecretPepperConfigured();
  return createHandler<Schema, DeveloperIdentity>({ ...options, jsonOnly: true, clientAddress: resolveClientAddress, authenticate: authenticateAdminAlongside }, run);
}

/** Path parameters as the route table names them; absent ones are empty (and then not found). */
export function pathParameter(request: HttpRequest, name: string): string {
  return request.pathParameters[name] ?? '';
}
