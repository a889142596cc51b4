import { createHandler } from '../../lib/http/handler.js';

/** GET /health: liveness only, no database access (API.md §6). */
export const handler = createHandler({}, async () => ({ body: { ok: true } }));
