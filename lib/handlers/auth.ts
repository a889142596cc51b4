import type { core } from 'zod/mini';
import { createHandler } from '../http/handler.js';
import { idempotencySteps } from '../http/idempotency.js';
import type { HttpRequest, HttpResponse } from '../http/request.js';
import { apiVersionOf, type ApiVersion } from '../auth/api-version.js';
import { proxiedClientAddress } from '../app-auth/basic-auth.js';

export interface AuthHandlerOptions<Schema extends core.$ZodType> {
  schema?: Schema;
  /** What the schema validates; the parsed body by default. */
  input?: (request: HttpRequest) => unknown;
  /** Login, add-user, request-password-reset and get-login-status: a proxying backend with valid Basic credentials may name its user's address (X-Signet-Client-IP). */
  proxiedClientIp?: boolean;
}

/**
 * createHandler for the Spaaza-style /auth routes: the API version header is
 * checked before the parameters (a malformed one is a 400 whatever the body)
 * and handed to the runner.
 */
export function createAuthHandler<Schema extends core.$ZodType>(
  options: AuthHandlerOptions<Schema>,
  run: (input: core.output<Schema>, request: HttpRequest, version: ApiVersion) => Promise<HttpResponse>,
) {
  return createHandler(
    {
      idempotency: idempotencySteps,
      schema: options.schema,
      ...(options.proxiedClientIp ? { proxiedClientIp: proxiedClientAddress } : {}),
      input: (request) => {
        apiVersionOf(request);
        return options.input ? options.input(request) : request.body;
      },
    },
    (input, request) => run(input as core.output<Schema>, request, apiVersionOf(request)),
  );
}
