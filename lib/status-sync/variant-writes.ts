import type { TransactItem } from '../db/operations.js';
import { nameClaimCheck, variantCreateWrites, type VariantNameClaimItem } from '../entities/variant.js';
import { buildVariantItems } from '../variants/items.js';
import type { GrantChange, VariantChoice } from './plan.js';

/**
 * The variant a grant uses and its part of the grant's transaction: an existing variant
 * (found through its case-insensitive name claim) must still own that name at commit;
 * a new one (defaultDuration = the request's duration) is created with its claim under
 * attribute_not_exists, so two racing grants cannot create two variants of one name:
 * the loser's transaction is cancelled, it re-reads and reuses the winner's variant.
 */
export function variantForGrant(
  appId: string,
  claim: VariantNameClaimItem | undefined,
  change: GrantChange,
  now: Date,
): { variant: VariantChoice; writes: TransactItem[] } {
  if (claim) {
    return {
      variant: { variantId: claim.variantId, name: claim.name, defaultDuration: claim.defaultDuration, created: false },
      writes: [nameClaimCheck(appId, change.variantName, claim.variantId)],
    };
  }
  const items = buildVariantItems(appId, { name: change.variantName, defaultDuration: change.duration }, now);
  const { variant } = items;
  return {
    variant: { variantId: variant.variantId, name: variant.name, defaultDuration: variant.defaultDuration, created: true },
    writes: variantCreateWrites(items),
  };
}
