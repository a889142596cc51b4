import * as z from 'zod/mini';
import { createAppHandler } from '../../lib/http/app-handler.js';
import { apiOk } from '../../lib/http/responses.js';
import { changeUserStatus } from '../../lib/status-sync/change-status.js';
import { statusChangeBody } from '../../lib/status-sync/views.js';

/** Field types only; the rules of each field (normalization, revoke keywords, expiry) live in lib/status-sync/normalize.ts. */
const text = z.optional(z.nullable(z.string()));
const bodySchema = z.object({
  status: text,
  variantName: text,
  duration: text,
  expiresAt: text,
  revoke: z.optional(z.nullable(z.union([z.boolean(), z.enum(['true', 'false'])]))),
});

/** PATCH /api/applications/{appId}/users/{globalId}/status (HTTP Basic): grant, refresh or revoke a synced status. */
export const handler = createAppHandler({ schema: bodySchema }, async (body, request, caller) => {
  const globalId = request.pathParameters.globalId ?? '';
  const outcome = await changeUserStatus({ appId: caller.clientId, globalId, body, caller });
  return apiOk(statusChangeBody(outcome, globalId));
});
