import * as z from 'zod/mini';
import { createDeveloperHandler, pathParameter } from '../../lib/applications/developer-handler.js';
import { apiOk } from '../../lib/http/responses.js';
import { now } from '../../lib/licenses/clock.js';
import { importCodes } from '../../lib/licenses/import-codes.js';
import { importCodesQuerySchema } from '../../lib/licenses/schemas.js';

/** The CSV may be far larger than a JSON body: 10000 lines of a 64-character code and a timestamp. */
const maxCsvBytes = 1024 * 1024;

const inputSchema = z.extend(importCodesQuerySchema, { text: z.string() });

/** POST /api/developer/applications/{appId}/licenses/codes/import?variantId=: a text/csv body of `code[,expiresAt]` lines. */
export const handler = createDeveloperHandler(
  {
    schema: inputSchema,
    textBody: { mediaType: 'text/csv', maxBytes: maxCsvBytes },
    input: (request) => ({ variantId: request.query.variantId, text: typeof request.body.text === 'string' ? request.body.text : '' }),
  },
  async (input, request, admin) => {
    const result = await importCodes(pathParameter(request, 'appId'), admin.userId, input.variantId, input.text, now());
    return apiOk({ imported: result.imported, errors: result.errors });
  },
);
