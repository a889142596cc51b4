import * as z from 'zod/mini';
import { createDeveloperHandler, pathParameter } from '../../lib/handlers/developer.js';
import { apiOk } from '../../lib/http/responses.js';
import { now } from '../../lib/clock.js';
import { importCodes } from '../../lib/licenses/import-codes.js';
import { importCodesQuerySchema } from '../../lib/licenses/schemas.js';

const inputSchema = z.extend(importCodesQuerySchema, { text: z.string() });

/**
 * POST /api/developer/applications/{appId}/licenses/codes/import[?variantId=]: a text/csv body of
 * `code[,expiresAt]` lines, at most MAX_BODY_BYTES (the WAF's limit too): larger files go in parts.
 * Without `variantId` the codes go to the application's only variant.
 */
export const handler = createDeveloperHandler(
  {
    schema: inputSchema,
    textBody: { mediaType: 'text/csv' },
    input: (request) => ({ variantId: request.query.variantId, text: typeof request.body.text === 'string' ? request.body.text : '' }),
  },
  async (input, request, admin) => {
    const result = await importCodes(pathParameter(request, 'appId'), admin.userId, input.variantId, input.text, now());
    return apiOk({ imported: result.imported, errors: result.errors });
  },
);
