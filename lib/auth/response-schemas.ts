import * as z from 'zod/mini';
import { genderWords } from '../users/gender.js';

/** Response schemas of the /auth routes (docs/api.md, Sessions, seed 004), for the OpenAPI document and the contract test. */

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

export const userFieldsSchema = z.object(userFieldsShape);

/** `user_info` of add-user and login: the user fields plus `global_id`. */
export const userInfoSchema = z.object({ ...userFieldsShape, global_id: z.string().check(z.regex(/^[A-Z]{2}\d{4}$/)) });

/** Present only when the session signed in with Facebook (seed 004). */
export const facebookFieldsShape = {
  user_facebook_id: z.optional(z.string()),
  user_facebook_access_token: z.optional(z.string()),
  user_facebook_access_token_expires: z.optional(z.nullable(z.number())),
  user_facebook_access_token_expires_timestamp_utc: z.optional(z.nullable(spaazaDateTimeSchema)),
};

export const facebookFieldsSchema = z.object(facebookFieldsShape);

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

/** Asked for with `X-Signet-Include-Status: true`: the member's current status in the session's app, or null. */
export const signetStatusSchema = z.nullable(z.object({ status: z.string(), expiresAt: z.nullable(z.string()) }));

/** Signet adds `global_id` (the id status sync takes) and, when asked, `signet_status`; Spaaza clients ignore both. */
export const loginStatusResultsSchema = z.object({
  ...userFieldsShape,
  ...facebookFieldsShape,
  global_id: z.string().check(z.regex(/^[A-Z]{2}\d{4}$/)),
  signet_status: z.optional(signetStatusSchema),
  result_type: z.literal('get-login-status'),
});

export const logoutResultsSchema = z.object({ result_type: z.literal('logout'), username: z.nullable(z.string()) });
