import type { core } from 'zod/mini';
import { assertClientSecretPepperConfigured } from '../secrets/pepper.js';
import { authenticateAdmin, type AdminIdentity } from '../auth/admin-session.js';
import { createHandler, type HandlerOptions, type UseCaseRunner } from '../http/handler.js';
import { idempotencySteps } from '../http/idempotency.js';
import type { HttpRequest } from '../http/request.js';

/** createHandler for the developer routes (docs/api.md, Developer): an admin session, checked before the body is read. */
export function createDeveloperHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, AdminIdentity>, 'authenticate'>,
  run: UseCaseRunner<core.output<Schema>, AdminIdentity>,
) {
  assertClientSecretPepperConfigured(); // a missing pepper fails the cold start with a configuration error (docs/security.md)
  return createHandler<Schema, AdminIdentity>({ ...options, jsonOnly: true, idempotency: idempotencySteps, authenticate: authenticateAdmin }, run);
}

/** Path parameters as the route table names them; absent ones are empty (and then not found). */
export function pathParameter(request: HttpRequest, name: string): string {
  return request.pathParameters[name] ?? '';
}
