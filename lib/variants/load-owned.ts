import { isAppId } from '../applications/ids.js';
import { getApplication, applicationNotFound } from '../applications/repository.js';
import type { VariantItem } from '../entities/variant.js';
import { SignetError } from '../errors.js';
import { isVariantId } from './items.js';
import { getVariant } from './repository.js';

export function variantNotFound(): SignetError {
  return new SignetError('notFound', 'No such variant');
}

/** The app's ownership and the variant, read in parallel; `notFound` for either (app first). */
export async function loadOwnedVariant(appId: string, variantId: string, ownerUserId: number): Promise<VariantItem> {
  const wellFormed = isAppId(appId) && isVariantId(variantId); // anything else names nothing and needs no read
  const [application, variant] = await Promise.all([getApplication(appId), wellFormed ? getVariant(appId, variantId) : undefined]);
  if (!application || application.ownerUserId !== ownerUserId) throw applicationNotFound();
  if (!variant) throw variantNotFound();
  return variant;
}
