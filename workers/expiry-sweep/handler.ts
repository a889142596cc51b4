import { sweepExpiries } from '../../lib/events/expiry-sweep.js';
import { logger } from '../../lib/logger.js';

/** Every minute (EventBridge): `status.expired` for licenses whose expiresAt has passed (lib/events/expiry-sweep.ts). */
export async function handler(): Promise<{ due: number }> {
  const due = await sweepExpiries();
  if (due > 0) logger.info('expiry sweep', { due });
  return { due };
}
