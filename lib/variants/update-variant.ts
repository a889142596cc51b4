import { conditionFailed, type TransactItem } from '../db/operations.js';
import type { LicenseDuration } from '../entities/license.js';
import { nameClaimDelete, nameClaimOf, nameClaimPutNew, nameClaimRewrite, variantNameClaimKey, variantUpdate, type VariantItem } from '../entities/variant.js';
import { runOptimistic } from '../db/optimistic.js';
import { variantNameTaken } from './create-variant.js';
import { loadOwnedVariant } from './load-owned.js';
import { variantView, type VariantView } from './views.js';
import { now } from '../clock.js';

export interface VariantPatch {
  name?: string;
  description?: string | null;
  defaultDuration?: LicenseDuration;
}

/**
 * PATCH .../licenses/variants/:variantId. One transaction conditioned on the version
 * that was read: the variant, and its name claim kept in step. A rename to a
 * different name (case-insensitively) moves the claim atomically: the old claim
 * is deleted and the new one put `attribute_not_exists` (409 when taken); a
 * change of letter case only rewrites the claim in place.
 */
export async function updateVariant(appId: string, variantId: string, ownerUserId: number, patch: VariantPatch): Promise<VariantView> {
  return runOptimistic({
    read: () => loadOwnedVariant(appId, variantId, ownerUserId),
    plan: (current) => {
    const next: VariantItem = {
      ...current,
      name: patch.name ?? current.name,
      description: patch.description === undefined ? current.description : patch.description,
      defaultDuration: patch.defaultDuration ?? current.defaultDuration,
      updatedAt: now().toISOString(),
      version: (current.version ?? 0) + 1,
    };
    const newClaim = nameClaimOf(next);
    const moved = variantNameClaimKey(appId, current.name).sk !== newClaim.sk;
    const writes: TransactItem[] = [variantUpdate(current, next), moved ? nameClaimPutNew(newClaim) : nameClaimRewrite(newClaim)];
    if (moved) writes.push(nameClaimDelete(appId, current.name, variantId));
    return {
      items: writes,
      result: variantView(next),
      onConditionFailed: (reasons) => {
        if (moved && conditionFailed(reasons, 1) && !conditionFailed(reasons, 0)) throw variantNameTaken();
        return 'retry'; // the variant changed since it was read: read it again
      },
    };
    },
  });
}
