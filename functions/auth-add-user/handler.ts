import { proxiedClientAddress } from '../../lib/app-auth/basic-auth.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { addUserSchema } from '../../lib/auth/add-user-params.js';
import { userInfo } from '../../lib/auth/spaaza-format.js';
import { idempotencySteps } from '../../lib/http/idempotency.js';
import { spaazaOk } from '../../lib/http/responses.js';
import { registerUser } from '../../lib/users/register-user.js';

/** POST /auth/add-user (docs/api.md, Sessions). */
export const handler = createAuthHandler({ schema: addUserSchema, idempotency: idempotencySteps, proxiedClientIp: proxiedClientAddress }, async (input, _request, version) => {
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
