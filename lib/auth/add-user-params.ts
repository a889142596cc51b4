import * as z from 'zod/mini';
import * as params from './params.js';

/** POST /auth/add-user parameters (docs/api.md, Sessions): the handler validates with them; the OpenAPI document is generated from them. */
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
