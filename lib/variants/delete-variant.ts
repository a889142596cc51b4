import { nameClaimDelete, variantDelete } from '../entities/variant.js';
import { runOptimistic } from '../db/optimistic.js';
import { SignetError } from '../errors.js';
import { loadOwnedVariant } from './load-owned.js';
import { variantHasActiveLicenses } from './repository.js';

/**
 * DELETE .../licenses/variants/:variantId: refused (409) while any license of the
 * variant is ACTIVE. The variant and its name claim go in one transaction; a grant
 * racing with it checks the claim in its own transaction, so it either commits
 * first (and is seen here, modulo gsi1's replication lag) or fails and re-reads.
 * EXPIRED licenses keep the variantId for their history.
 */
export async function deleteVariant(appId: string, variantId: string, ownerUserId: number): Promise<void> {
  await runOptimistic({
    read: async () => {
      const variant = await loadOwnedVariant(appId, variantId, ownerUserId);
      if (await variantHasActiveLicenses(variantId)) {
        throw new SignetError('conflict', 'This variant still has ACTIVE licenses; revoke or let them expire first');
      }
      return variant;
    },
    // Renamed or deleted since it was read: the runner reads it again (a deleted one is then 404).
    plan: (variant) => ({ result: undefined, items: [variantDelete(variant), nameClaimDelete(appId, variant.name, variantId)] }),
  });
}
