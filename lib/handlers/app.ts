import type { core } from 'zod/mini';
import { assertClientSecretPepperConfigured } from '../secrets/pepper.js';
import { markClientSecretUsed } from '../applications/client-secrets.js';
import { createHandler, type HandlerOptions, type UseCaseRunner } from '../http/handler.js';
import { resolveClientAddress } from '../http/client-address.js';
import { idempotencySteps } from '../http/idempotency.js';
import { logger } from '../logger.js';
import { authenticateApp, type AppCaller } from '../app-auth/basic-auth.js';

/** Bookkeeping for secret rotation (developer portal `lastUsedAt`); never fails the request. */
async function recordSecretUse(caller: AppCaller): Promise<void> {
  if (!caller.verifiedNow) return;
  try {
    await markClientSecretUsed(caller.clientId, caller.secretId);
  } catch (error) {
    logger.warn('could not record client secret use', { errorName: error instanceof Error ? error.name : 'unknown' });
  }
}

/**
 * createHandler for the HTTP Basic routes (docs/api.md, App backend): the app backend is
 * authenticated before the body is read, and a freshly verified secret's
 * `lastUsedAt` is recorded alongside the request.
 */
function appHandler<Schema extends core.$ZodType>(
  options: Omit<HandlerOptions<Schema, AppCaller>, 'authenticate'>,
  run: UseCaseRunner<core.output<Schema>, AppCaller>,
) {
  assertClientSecretPepperConfigured(); // a missing pepper fails the cold start with a configuration error (docs/security.md)
  return createHandler<Schema, AppCaller>(
    { ...options, jsonOnly: true, clientAddress: resolveClientAddress, authenticate: (request) => authenticateApp(request, request.pathParameters.appId ?? '') },
    async (input, request, caller) => {
      const [response] = await Promise.all([run(input, request, caller), recordSecretUse(caller)]);
      return response;
    },
  );
}

/** The HTTP Basic write routes (the status PATCH): with Idempotency-Key support. */
export function createAppHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, AppCaller>, 'authenticate' | 'idempotency'>,
  run: UseCaseRunner<core.output<Schema>, AppCaller>,
) {
  return appHandler({ ...options, idempotency: idempotencySteps }, run);
}

/** The HTTP Basic read routes (GET): no Idempotency-Key, so no idempotency steps in their bundles. */
export function createAppReadHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, AppCaller>, 'authenticate' | 'idempotency'>,
  run: UseCaseRunner<core.output<Schema>, AppCaller>,
) {
  return appHandler(options, run);
}
