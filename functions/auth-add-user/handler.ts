import * as z from 'zod/mini';
import { createAuthHandler } from '../../lib/http/auth-handler.js';
import * as params from '../../lib/auth/params.js';
import { userInfo } from '../../lib/auth/spaaza-format.js';
import { spaazaOk } from '../../lib/http/responses.js';
import { registerUser } from '../../lib/users/register-user.js';

const schema = z.object({
  username: params.username,
  password: params.newPassword,
  first_name: params.optionalName,
  last_name: params.optionalName,
  gender: params.optionalGender,
  birthday: params.optionalBirthday,
  mailing_list_subscribed: params.optionalFlag,
  printed_mailing_list_subscribed: params.optionalFlag,
});

/** POST /auth/add-user (API.md §3). */
export const handler = createAuthHandler({ schema }, async (input, _request, version) => {
  const user = await registerUser({
    username: input.username,
    password: input.password,
    firstName: input.first_name,
    lastName: input.last_name,
    gender: input.gender,
    birthday: input.birthday,
    mailingListSubscribed: input.mailing_list_subscribed,
    printedMailingListSubscribed: input.printed_mailing_list_subscribed,
  });
  return spaazaOk({ result_type: 'add-user', user_info: userInfo(user, version) });
});
