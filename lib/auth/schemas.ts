import * as z from 'zod/mini';
import { genderWords } from '../users/gender.js';
import * as params from './params.js';

/**
 * Request and response schemas of the Spaaza-style /auth routes (API.md §3). The
 * handlers validate with the request schemas; the OpenAPI document (lib/openapi)
 * is generated from both, so neither can drift from the code.
 */

/** POST /auth/add-user parameters. */
export const addUserSchema = z.object({
  username: params.username,
  password: params.newPassword,
  first_name: params.optionalName,
  last_name: params.optionalName,
  gender: params.optionalGender,
  birthday: params.optionalBirthday,
  mailing_list_subscribed: params.optionalFlag,
  printed_mailing_list_subscribed: params.optionalFlag,
});

/** POST|GET /auth/get-login-status parameters: username or user_id (one is mandatory), session_key. */
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

export { loginSchema } from './login-params.js';

// Descriptions for the OpenAPI document where a JSON Schema cannot say the rule itself.
params.optionalGender.register(z.globalRegistry, { description: `M, F or one of: ${genderWords.join(', ')} (any case).` });
params.optionalBirthday.register(z.globalRegistry, { description: 'YYYY-MM-DD, a real date in the past.' });
params.optionalFlag.register(z.globalRegistry, { description: 'true or false (also 1/0); default false.' });
params.optionalUserId.register(z.globalRegistry, { description: 'A positive integer user id.' });

// ---- responses ----

/** `YYYY-MM-DD HH:MM:SS`, UTC: date-times in /auth bodies. */
export const spaazaDateTimeSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/));

/** Before API version 1.4.10: M, F or O; from 1.4.10: the stored word. */
export const genderAnswerSchema = z.nullable(z.enum(['M', 'F', 'O', ...genderWords]));

export const mailingListSchema = z.object({
  mailing_list_sub_offered: z.boolean(),
  mailing_list_subscribed: z.boolean(),
  printed_mailing_list_subscribed: z.boolean(),
});

export const entityCodeSchema = z.object({ type: z.string(), code: z.string() });

/** The user fields of get-login-status (seed 004); a Facebook user may have no username. */
export const userFieldsShape = {
  id: z.number(),
  user_id: z.number(),
  first_name: z.nullable(z.string()),
  last_name: z.nullable(z.string()),
  gender: genderAnswerSchema,
  birthday: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  username: z.nullable(z.string()),
  mailing_list: mailingListSchema,
  entity_code: entityCodeSchema,
};

/** `user_info` of add-user and login: the user fields plus `global_id`. */
export const userInfoSchema = z.object({ ...userFieldsShape, global_id: z.string().check(z.regex(/^[A-Z]{2}\d{4}$/)) });

/** Present only when the session signed in with Facebook (seed 004). */
export const facebookFieldsShape = {
  user_facebook_id: z.optional(z.string()),
  user_facebook_access_token: z.optional(z.string()),
  user_facebook_access_token_expires: z.optional(z.nullable(z.number())),
  user_facebook_access_token_expires_timestamp_utc: z.optional(z.nullable(spaazaDateTimeSchema)),
};

/** The Spaaza success envelope around an endpoint's `results`. */
export function spaazaOkSchema<T extends z.core.$ZodType>(results: T) {
  return z.object({ result: z.object({ code: z.literal(1), status: z.literal('ok') }), results });
}

export const addUserResultsSchema = z.object({ result_type: z.literal('add-user'), user_info: userInfoSchema });

export const sessionInfoSchema = z.object({
  session_key: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  session_key_validity: z.string(),
  session_auth_method: z.enum(['password', 'facebook']),
  session_user_id: z.number(),
  session_username: z.nullable(z.string()),
  session_expires_date: spaazaDateTimeSchema,
});

export const loginResultsSchema = z.object({ result_type: z.literal('login'), session_info: sessionInfoSchema, user_info: userInfoSchema });

export const loginStatusResultsSchema = z.object({
  ...userFieldsShape,
  ...facebookFieldsShape,
  result_type: z.literal('get-login-status'),
});

export const logoutResultsSchema = z.object({ result_type: z.literal('logout'), username: z.nullable(z.string()) });
