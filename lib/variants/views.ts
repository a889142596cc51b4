import type * as z from 'zod/mini';
import type { VariantItem } from '../entities/variant.js';
import type { variantViewSchema } from './response-schemas.js';

/** The documented response shape (lib/variants/schemas.ts): the type follows the schema. */
export type VariantView = z.output<typeof variantViewSchema>;

export function variantView(variant: VariantItem): VariantView {
  return {
    variantId: variant.variantId,
    name: variant.name,
    description: variant.description ?? null,
    defaultDuration: variant.defaultDuration,
    createdAt: variant.createdAt,
  };
}
