import { isAppId } from '../applications/ids.js';
import { getApplication, applicationNotFound } from '../applications/repository.js';
import type { VariantItem } from '../db/items.js';
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

/** Condition + values that hold only while the variant is the version that was read. */
export function sameVersion(variant: VariantItem): { expression: string; values: Record<string, unknown> } {
  return variant.version === undefined
    ? { expression: 'attribute_exists(pk) AND attribute_not_exists(version)', values: {} }
    : { expression: 'version = :version', values: { ':version': variant.version } };
}
