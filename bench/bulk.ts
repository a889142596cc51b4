import { answerMarginMs } from '../lib/http/handler.js';
import { functionTimeoutMs } from '../tools/local/server.js';
import { expectStatus, invoke } from './lib/invoke.js';
import type { World } from './lib/fixtures.js';

/**
 * The largest single request: 10,000 license codes generated at once, timed against the
 * function's deadline (10 s timeout less the 500 ms margin, lib/http/handler.ts). Measured
 * here and not in a test, because on a loaded CI machine a wall-clock margin is noise.
 */
export interface BulkResult {
  codes: number;
  status: number;
  ms: number;
  deadlineMs: number;
}

/** The deadline the handler gives itself: the function timeout less its answer margin. */
export const bulkDeadlineMs = functionTimeoutMs - answerMarginMs;

export async function measureBulkGeneration(world: World): Promise<BulkResult> {
  const admin = world.owner.admin.headers;
  const appPath = `/api/developer/applications/${world.app.appId}`;
  const variant = await expectStatus({ method: 'POST', path: `${appPath}/licenses/variants`, headers: admin, body: { name: 'Bulk' } }, 201, 'create bulk variant');
  const codes = 10_000;
  const response = await invoke({ method: 'POST', path: `${appPath}/licenses/codes`, headers: admin, body: { variantId: variant.json.variant.variantId, count: codes } });
  return { codes, status: response.status, ms: Math.round(response.ms), deadlineMs: bulkDeadlineMs };
}
