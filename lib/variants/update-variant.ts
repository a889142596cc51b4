import { tableName } from '../config.js';
import type { LicenseDuration, VariantItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { conditionFailed, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { variantNameTaken } from './create-variant.js';
import { nameClaimOf } from './items.js';
import { loadOwnedVariant, sameVersion } from './load-owned.js';
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
    const version = sameVersion(current);
    const oldClaimKey = keys.variantNameClaim(appId, current.name);
    const newClaim = nameClaimOf(next);
    const moved = oldClaimKey.sk !== newClaim.sk;
    const writes: TransactItem[] = [
      {
        Update: {
          TableName: tableName(),
          Key: keys.variant(appId, variantId),
          UpdateExpression: 'SET #name = :name, description = :description, defaultDuration = :duration, updatedAt = :updatedAt, version = :next',
          ConditionExpression: version.expression,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ...version.values,
            ':name': next.name,
            ':description': next.description,
            ':duration': next.defaultDuration,
            ':updatedAt': next.updatedAt,
            ':next': next.version,
          },
        },
      },
      moved
        ? { Put: { TableName: tableName(), Item: newClaim, ConditionExpression: 'attribute_not_exists(pk)' } }
        : { Put: { TableName: tableName(), Item: newClaim, ConditionExpression: 'variantId = :variantId', ExpressionAttributeValues: { ':variantId': variantId } } },
    ];
    if (moved) {
      writes.push({
        Delete: {
          TableName: tableName(),
          Key: oldClaimKey,
          ConditionExpression: 'variantId = :variantId',
          ExpressionAttributeValues: { ':variantId': variantId },
        },
      });
    }
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
