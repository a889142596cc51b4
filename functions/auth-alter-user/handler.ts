import { alterUser } from '../../lib/account/alter-user.js';
import { alterUserSchema } from '../../lib/account/params.js';
import { sessionCredentialsOf } from '../../lib/auth/session-credentials.js';
import { facebookFields, userFields } from '../../lib/auth/spaaza-format.js';
import { createAuthHandler } from '../../lib/handlers/auth.js';
import { spaazaOk } from '../../lib/http/responses.js';

/** PUT /auth/alter-user (and Spaaza's PUT /internal/alter-user), docs/api.md, account lifecycle: answers like get-login-status. */
export const handler = createAuthHandler({ schema: alterUserSchema }, async (input, request, version) => {
  const { user, session } = await alterUser(await sessionCredentialsOf(request), {
    firstName: input.first_name,
    lastName: input.last_name,
    gender: input.gender,
    birthday: input.birthday,
    mailingListSubscribed: input.mailing_list_subscribed,
    printedMailingListSubscribed: input.printed_mailing_list_subscribed,
  });
  const { mailing_list, entity_code, ...profile } = userFields(user, version);
  return spaazaOk({ ...profile, ...facebookFields(session), mailing_list, entity_code, global_id: user.globalId, result_type: 'alter-user' });
});
