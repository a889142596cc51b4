import { variantHasActiveLicenses as activeLicensesOfVariant } from '../entities/license.js';
import { readVariant, readVariantNameClaim, readVariants, type VariantItem, type VariantNameClaimItem } from '../entities/variant.js';
import { now as clockNow } from '../clock.js';

/**
 * The variant that holds `name` in this app, case-insensitively: the name claim,
 * which carries variantId, name and defaultDuration (one GetItem).
 */
export function findVariantByName(appId: string, name: string, options: { consistent?: boolean } = {}): Promise<VariantNameClaimItem | undefined> {
  return readVariantNameClaim(appId, name.trim(), options);
}

export const getVariant = readVariant;

/** Every variant of an app, oldest first. */
export async function listVariants(appId: string): Promise<VariantItem[]> {
  const variants = await readVariants(appId);
  return variants.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.variantId.localeCompare(b.variantId));
}

/** Whether any license of the variant is ACTIVE now (lib/entities/license.ts). */
export function variantHasActiveLicenses(variantId: string, now = clockNow()): Promise<boolean> {
  return activeLicensesOfVariant(variantId, now);
}
