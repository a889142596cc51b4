import { createMemberHandler } from '../../lib/handlers/member.js';
import { apiOk } from '../../lib/http/responses.js';
import { now } from '../../lib/clock.js';
import { redeemCode } from '../../lib/licenses/redeem.js';
import { redeemSchema } from '../../lib/licenses/schemas.js';
import { redeemAnswerLicense } from '../../lib/licenses/views.js';

/** POST /api/user/licenses/redeem: a member of the app redeems a license code for their connection. */
export const handler = createMemberHandler({ schema: redeemSchema }, async (input, request, credentials) => {
  const license = await redeemCode(credentials, input.code, request.sourceIp, now());
  return apiOk({ license: redeemAnswerLicense(license) });
});
