import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { now } from '../../lib/clock.js';
import { generateCodes } from '../../lib/licenses/generate-codes.js';
import { generateCodesSchema } from '../../lib/licenses/schemas.js';
import { newCodeView } from '../../lib/licenses/views.js';

/** POST /api/developer/applications/{appId}/licenses/codes: `count` (1..10000) new UNUSED codes of a variant. */
export const handler = createDeveloperHandler({ schema: generateCodesSchema }, async (input, request, admin) => {
  const codes = await generateCodes(pathParameter(request, 'appId'), admin.userId, input, now());
  return apiOk({ codes: codes.map(newCodeView), count: codes.length }, 201);
});
