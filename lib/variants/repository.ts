import type { VariantItem, VariantNameClaimItem } from '../db/items.js';
import { gsi1Keys, keys } from '../db/keys.js';
import { get } from '../db/operations.js';
import { queryAll, queryFindsAny, queryOf } from '../db/query.js';
import { tableDefinition } from '../db/table-definition.js';
import { now as clockNow } from '../clock.js';

/**
 * The variant that holds `name` in this app, case-insensitively: the name claim,
 * which carries variantId, name and defaultDuration (one GetItem).
 */
export async function findVariantByName(appId: string, name: string, options: { consistent?: boolean } = {}): Promise<VariantNameClaimItem | undefined> {
  return get<VariantNameClaimItem>(keys.variantNameClaim(appId, name.trim()), { consistent: options.consistent ?? true });
}

export async function getVariant(appId: string, variantId: string): Promise<VariantItem | undefined> {
  return get<VariantItem>(keys.variant(appId, variantId));
}

/** Every variant of an app, oldest first (keys.variantsOfApp). */
export async function listVariants(appId: string): Promise<VariantItem[]> {
  const variants = await queryAll<VariantItem>(queryOf(keys.variantsOfApp(appId), { consistent: true }));
  return variants.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.variantId.localeCompare(b.variantId));
}

const gsi1 = tableDefinition.globalSecondaryIndexes[0].indexName;

/**
 * Whether any license of the variant is ACTIVE now: the sparse gsi1 holds only
 * licenses stored as ACTIVE; one whose expiresAt has passed does not count.
 * gsi1 is eventually consistent (see docs/table-design.md).
 */
export async function variantHasActiveLicenses(variantId: string, now = clockNow()): Promise<boolean> {
  return queryFindsAny({
    IndexName: gsi1,
    KeyConditionExpression: 'gsi1pk = :variant',
    FilterExpression: '#state = :active AND (attribute_not_exists(expiresAt) OR expiresAt = :null OR expiresAt > :now)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ':variant': gsi1Keys.activeLicensesOfVariant(variantId).gsi1pk,
      ':active': 'ACTIVE',
      ':null': null,
      ':now': now.toISOString(),
    },
    ProjectionExpression: 'pk',
  });
}
