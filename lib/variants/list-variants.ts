import { requireOwnedApplication } from '../applications/repository.js';
import { listVariants } from './repository.js';
import { variantView, type VariantView } from './views.js';

/** GET .../licenses/variants: the owner check and the list read in parallel (one round trip). */
export async function listOwnedVariants(appId: string, ownerUserId: number): Promise<VariantView[]> {
  const [, variants] = await Promise.all([requireOwnedApplication(appId, ownerUserId), listVariants(appId)]);
  return variants.map(variantView);
}
