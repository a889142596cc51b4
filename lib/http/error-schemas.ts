import * as z from 'zod/mini';

/**
 * The two error bodies of docs/errors.md, as schemas for the OpenAPI document and the
 * contract test. lib/http/responses.ts `errorBody` builds them from the error catalog.
 */

export const errorIssueSchema = z.object({ path: z.string(), message: z.string() });

/** §7.3: whether a write may have happened; only a 503 carries it, and a 503 always does. */
const outcomeValues = ['not_applied', 'unknown'] as const;
const optionalOutcome = { retryable: z.optional(z.boolean()), outcome: z.optional(z.enum(outcomeValues)) };
const requiredOutcome = { retryable: z.literal(true), outcome: z.enum(outcomeValues) };

const apiErrorShape = {
  ok: z.literal(false),
  error: z.string(),
  message: z.string(),
  issues: z.optional(z.array(errorIssueSchema)),
};

/** `/api/...` routes: `{ ok: false, error, message }`; `invalid_request` adds `issues`. */
export const apiErrorBodySchema = z.object({ ...apiErrorShape, ...optionalOutcome });

/** The `/api` 503: `retryable: true` and `outcome` always present. */
export const apiUnavailableBodySchema = z.object({ ...apiErrorShape, ...requiredOutcome });

const authResultSchema = z.object({ code: z.literal(2), status: z.literal('error') });
const authErrorShape = { code: z.number(), name: z.string(), description: z.string(), issues: z.optional(z.array(errorIssueSchema)) };

/** `/auth/...` routes (Spaaza style): `{ result: { code: 2, status: "error" }, error: { code, name, description } }`. */
export const authErrorBodySchema = z.object({
  result: authResultSchema,
  error: z.object({ ...authErrorShape, ...optionalOutcome }),
});

/** The `/auth` 503: `error.retryable: true` and `error.outcome` always present. */
export const authUnavailableBodySchema = z.object({
  result: authResultSchema,
  error: z.object({ ...authErrorShape, ...requiredOutcome }),
});
