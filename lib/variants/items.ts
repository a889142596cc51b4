import { randomToken } from '../applications/ids.js';
import { variantItems, type StoredVariant, type StoredVariantNameClaim } from '../entities/variant.js';
import type { LicenseDuration } from '../entities/license.js';

/** Variant ids and new variants (the items and their writes live in lib/entities/variant.ts). */
export const newVariantId = (): string => `var_${randomToken(16)}`;
const variantIdPattern = /^var_[0-9a-hjkmnp-tv-z]{16}$/;
export const isVariantId = (value: string): boolean => variantIdPattern.test(value);

export interface NewVariant {
  /** Already trimmed and validated (variantNameSchema). */
  name: string;
  description?: string | null;
  defaultDuration: LicenseDuration;
}

/** A new variant's item and its case-insensitive name claim, under a fresh variantId. */
export function buildVariantItems(appId: string, input: NewVariant, now: Date): { variant: StoredVariant; nameClaim: StoredVariantNameClaim } {
  return variantItems(appId, input, now, newVariantId());
}
