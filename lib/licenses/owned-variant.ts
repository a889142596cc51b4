import { isAppId } from '../applications/ids.js';
import { applicationNotFound } from '../applications/repository.js';
import type { VariantItem } from '../db/items.js';
import { isVariantId } from '../variants/items.js';
import { variantNotFound } from '../variants/load-owned.js';
import { readApplicationAndVariant } from './repository.js';

/** The caller's application (404 otherwise) and, when asked, its variant (404 "No such variant"): one round trip. */
export async function requireOwnedAppAndVariant(appId: string, ownerUserId: number, variantId: string): Promise<VariantItem> {
  if (!isAppId(appId)) throw applicationNotFound();
  const { application, variant } = await readApplicationAndVariant(appId, isVariantId(variantId) ? variantId : undefined);
  if (!application || application.ownerUserId !== ownerUserId) throw applicationNotFound();
  if (!variant) throw variantNotFound();
  return variant;
}

export async function requireOwnedApp(appId: string, ownerUserId: number): Promise<void> {
  if (!isAppId(appId)) throw applicationNotFound();
  const { application } = await readApplicationAndVariant(appId, undefined);
  if (!application || application.ownerUserId !== ownerUserId) throw applicationNotFound();
}
