import * as z from 'zod/mini';
import * as params from '../auth/params.js';

/** Parameters of the account-lifecycle routes (docs/api.md, account lifecycle); the OpenAPI document is generated from them. */
export const requestPasswordResetSchema = z.object({ username: params.loginUsername });

export const resetPasswordSchema = z.object({
  token: params.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.string().check(z.minLength(1, 'Required'), z.maxLength(256))),
  password: params.newPassword,
});

export const changePasswordSchema = z.object({
  current_password: params.password,
  new_password: params.newPassword,
});

/** add-user's validation; a field not sent stays as it is, an empty one is cleared. */
export const alterUserSchema = z.object({
  first_name: z.optional(params.optionalName),
  last_name: z.optional(params.optionalName),
  gender: z.optional(params.optionalGender),
  birthday: z.optional(params.optionalBirthday),
  mailing_list_subscribed: z.optional(params.optionalFlag),
  printed_mailing_list_subscribed: z.optional(params.optionalFlag),
});

export const deleteUserSchema = z.object({
  password: z.optional(z.string().check(z.maxLength(1024))),
  fb_access_token: z.optional(z.string().check(z.maxLength(4096))),
});
