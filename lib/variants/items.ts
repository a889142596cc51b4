import { tableName } from '../config.js';
import type { LicenseDuration, VariantItem, VariantNameClaimItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import type { TransactItem } from '../db/operations.js';
import { randomToken } from '../applications/ids.js';

/**
 * Variant items and their writes, as building blocks: the developer API writes
 * them alone, status sync puts them into its own grant transaction.
 */
export const newVariantId = (): string => `var_${randomToken(16)}`;
const variantIdPattern = /^var_[0-9a-hjkmnp-tv-z]{16}$/;
export const isVariantId = (value: string): boolean => variantIdPattern.test(value);

export interface NewVariant {
  /** Already trimmed and validated (variantNameSchema). */
  name: string;
  description?: string | null;
  defaultDuration: LicenseDuration;
}

export type StoredVariant = VariantItem & TableKey;
export type StoredVariantNameClaim = VariantNameClaimItem & TableKey;

/** The variant item and its case-insensitive name claim (keys.variantNameClaim). */
export function buildVariantItems(
  appId: string,
  input: NewVariant,
  now: Date,
  variantId: string = newVariantId(),
): { variant: StoredVariant; nameClaim: StoredVariantNameClaim } {
  const at = now.toISOString();
  const variant: StoredVariant = {
    ...keys.variant(appId, variantId),
    type: 'variant',
    appId,
    variantId,
    name: input.name,
    description: input.description ?? null,
    defaultDuration: input.defaultDuration,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  return { variant, nameClaim: nameClaimOf(variant) };
}

/** The claim item of a variant's current name, carrying the copy status sync reads. */
export function nameClaimOf(variant: VariantItem): StoredVariantNameClaim {
  return {
    ...keys.variantNameClaim(variant.appId, variant.name),
    type: 'variantNameClaim',
    appId: variant.appId,
    variantId: variant.variantId,
    name: variant.name,
    defaultDuration: variant.defaultDuration,
  };
}

/**
 * Creating a variant: both Puts `attribute_not_exists`. In a cancelled transaction
 * a failed claim (second item) means the name is taken in this app, case-insensitively.
 */
export function variantCreateWrites(items: { variant: StoredVariant; nameClaim: StoredVariantNameClaim }): [TransactItem, TransactItem] {
  return [
    { Put: { TableName: tableName(), Item: items.variant, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName(), Item: items.nameClaim, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}
