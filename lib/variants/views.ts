import type { LicenseDuration, VariantItem } from '../db/items.js';

export interface VariantView {
  variantId: string;
  name: string;
  description: string | null;
  defaultDuration: LicenseDuration;
  createdAt: string;
}

export function variantView(variant: VariantItem): VariantView {
  return {
    variantId: variant.variantId,
    name: variant.name,
    description: variant.description ?? null,
    defaultDuration: variant.defaultDuration,
    createdAt: variant.createdAt,
  };
}
