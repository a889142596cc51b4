import { isAppId } from '../applications/ids.js';
import { ownedApplicationCheck } from '../entities/application.js';
import { applicationNotFound } from '../applications/repository.js';
import { conditionFailed } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { SignetError } from '../errors.js';
import { variantCreateWrites } from '../entities/variant.js';
import { buildVariantItems, type NewVariant } from './items.js';
import { variantView, type VariantView } from './views.js';
import { now } from '../clock.js';

/** The name is not repeated: error bodies never echo the request. */
export function variantNameTaken(): SignetError {
  return new SignetError('conflict', 'A variant of that name (in any letter case) already exists in this application');
}

/**
 * POST .../licenses/variants: one transaction of the owner check, the variant and
 * its name claim. Of concurrent creates of one name (in any letter case) one wins,
 * the others get 409.
 */
export async function createVariant(appId: string, ownerUserId: number, input: NewVariant): Promise<VariantView> {
  if (!isAppId(appId)) throw applicationNotFound();
  return runOptimistic({
    read: async () => undefined,
    plan: () => {
      const items = buildVariantItems(appId, input, now());
      return {
        items: [ownedApplicationCheck(appId, ownerUserId), ...variantCreateWrites(items)],
        result: variantView(items.variant),
        onConditionFailed: (reasons) => {
          if (conditionFailed(reasons, 0)) throw applicationNotFound();
          if (conditionFailed(reasons, 2)) throw variantNameTaken();
          return 'retry'; // only the random variantId collided: try again with a new one
        },
      };
    },
  });
}
