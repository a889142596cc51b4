import type { TableKey } from '../db/table-key.js';
import { backfillClaimGlobalId } from '../entities/user-claims.js';
import { logger } from '../logger.js';

/**
 * A user claim (username or Facebook identity) from before claims carried the globalId
 * learns it beside the login's session transaction (same wave), once: that user's next
 * login reads the connection beside the profile again. Bookkeeping: the login's answer
 * never depends on it.
 */
export async function healLegacyClaim(claimKey: TableKey, user: { userId: number; globalId: string }): Promise<void> {
  try {
    await backfillClaimGlobalId(claimKey, user);
  } catch (error) {
    logger.warn('could not add the globalId to a user claim', { errorName: error instanceof Error ? error.name : 'unknown' });
  }
}
