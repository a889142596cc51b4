import type { core } from 'zod/mini';
import { createHandler } from '../http/handler.js';
import { resolveClientAddress } from '../http/client-address.js';
import type { IdempotencySteps } from '../http/types.js';
import type { HttpRequest, HttpResponse } from '../http/request.js';
import { apiVersionOf, type ApiVersion } from '../auth/api-version.js';

export interface AuthHandlerOptions<Schema extends core.$ZodType> {
  schema?: Schema;
  /** What the schema validates; the parsed body by default. */
  input?: (request: HttpRequest) => unknown;
  /**
   * lib/http/idempotency.ts's steps, for the one /auth route that takes an Idempotency-Key
   * (POST /auth/add-user, lib/route-kinds.ts): passed by that function only, so the others
   * (get-login-status the hottest) do not bundle them (3.4 KB).
   */
  idempotency?: IdempotencySteps;
  /**
   * Login, add-user, request-password-reset and get-login-status: a proxying backend with valid
   * Basic credentials may name its user's address (X-Signet-Client-IP). Those functions pass
   * lib/app-auth's `proxiedClientAddress`, so the others do not bundle Basic auth.
   */
  proxiedClientIp?: (headers: Record<string, string>) => Promise<string | undefined>;
  /** Starts the route's first read before validation (lib/http/handler.ts HandlerOptions.readAhead): get-login-status. */
  readAhead?: (request: HttpRequest) => boolean;
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
      clientAddress: resolveClientAddress,
      idempotency: options.idempotency,
      schema: options.schema,
      ...(options.proxiedClientIp ? { proxiedClientIp: options.proxiedClientIp } : {}),
      ...(options.readAhead ? { readAhead: options.readAhead } : {}),
      input: (request) => {
        apiVersionOf(request);
        return options.input ? options.input(request) : request.body;
      },
    },
    (input, request) => run(input as core.output<Schema>, request, apiVersionOf(request)),
  );
}
