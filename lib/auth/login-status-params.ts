import * as z from 'zod/mini';
import type { HttpRequest } from '../http/request.js';
import * as params from './params.js';

/**
 * POST /auth/get-login-status parameters (docs/api.md, Sessions, seed 004): username or user_id (one
 * is mandatory), session_key. The handler validates with them; the OpenAPI document is generated from them.
 */
export const loginStatusSchema = z
  .object({
    username: params.preprocess((value) => (value === '' ? undefined : value), z.optional(params.loginUsername)),
    user_id: params.optionalUserId,
    session_key: params.sessionKey,
  })
  .check(
    z.superRefine((input, context) => {
      if (input.username === undefined && input.user_id === undefined) {
        context.addIssue({ code: 'custom', path: ['user_id'], message: 'Required: username or user_id', input: input.user_id });
      }
    }),
  );

/** What the schema validates: the query string's parameters and the body's, the body's winning. */
export const loginStatusInput = (request: Pick<HttpRequest, 'query' | 'body'>) => ({ ...request.query, ...request.body });
