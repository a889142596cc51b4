import * as z from 'zod/mini';

/**
 * The two error bodies of API.md §2, as schemas for the OpenAPI document and the
 * contract test. lib/http/responses.ts `errorBody` builds them from the error catalog.
 */

export const errorIssueSchema = z.object({ path: z.string(), message: z.string() });

/** §7.3: a 503 says whether a write may have happened (issue 11 fills these in). */
const outcomeFields = {
  retryable: z.optional(z.boolean()),
  outcome: z.optional(z.enum(['not_applied', 'unknown'])),
};

/** `/api/...` routes: `{ ok: false, error, message }`; `invalid_request` adds `issues`. */
export const apiErrorBodySchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  message: z.string(),
  issues: z.optional(z.array(errorIssueSchema)),
  ...outcomeFields,
});

/** `/auth/...` routes (Spaaza style): `{ result: { code: 2, status: "error" }, error: { code, name, description } }`. */
export const authErrorBodySchema = z.object({
  result: z.object({ code: z.literal(2), status: z.literal('error') }),
  error: z.object({
    code: z.number(),
    name: z.string(),
    description: z.string(),
    issues: z.optional(z.array(errorIssueSchema)),
    ...outcomeFields,
  }),
});
