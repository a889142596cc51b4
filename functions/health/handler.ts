import { createHandler } from '../../lib/http/handler.js';

/** GET /health: liveness only, no database access, no body read (docs/api.md, Operations). */
export const handler = createHandler({ readBody: false }, async () => ({ body: { ok: true } }));
