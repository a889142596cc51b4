import { isAppId } from '../applications/ids.js';
import { ownedApplicationCheck } from '../applications/ownership.js';
import { applicationNotFound } from '../applications/repository.js';
import { conditionFailed, transactWrite } from '../db/transactions.js';
import { SignetError } from '../errors.js';
import { buildVariantItems, variantCreateWrites, type NewVariant } from './items.js';
import { variantView, type VariantView } from './views.js';

/** Random-id collisions are astronomically rare; this only bounds a misbehaving store. */
const maxAttempts = 5;

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
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const items = buildVariantItems(appId, input, new Date());
    const reasons = await transactWrite([ownedApplicationCheck(appId, ownerUserId), ...variantCreateWrites(items)]);
    if (!reasons) return variantView(items.variant);
    if (conditionFailed(reasons, 0)) throw applicationNotFound();
    if (conditionFailed(reasons, 2)) throw variantNameTaken();
    // Only the random variantId collided: try again with a new one.
  }
  throw new SignetError('unavailable', 'Could not create the variant; retry shortly');
}
