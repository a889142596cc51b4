import { isAppId } from '../applications/ids.js';
import { applicationNotFound } from '../applications/repository.js';
import { readApplicationWith, type ApplicationItem } from '../entities/application.js';
import { variantIn, variantKey, type VariantItem } from '../entities/variant.js';
import { isVariantId } from '../variants/items.js';
import { variantNotFound } from '../variants/load-owned.js';
import { listVariants } from '../variants/repository.js';
import { SignetError } from '../errors.js';

/** The application and, when asked, its variant: one BatchGetItem. */
async function readApplicationAndVariant(appId: string, variantId: string | undefined): Promise<{ application: ApplicationItem | undefined; variant: VariantItem | undefined }> {
  const { application, found } = await readApplicationWith(appId, [variantId === undefined ? undefined : variantKey(appId, variantId)]);
  return { application, variant: variantId === undefined ? undefined : variantIn(found, appId, variantId) };
}

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

/**
 * The variant codes are imported into: the one named, or, when none is named, the
 * application's only variant (an app with several must name one: 400).
 */
export async function requireImportVariant(appId: string, ownerUserId: number, variantId: string | undefined): Promise<VariantItem> {
  if (variantId !== undefined) return requireOwnedAppAndVariant(appId, ownerUserId, variantId);
  const [, variants] = await Promise.all([requireOwnedApp(appId, ownerUserId), listVariants(appId)]);
  const [only, ...others] = variants;
  if (only && others.length === 0) return only;
  throw new SignetError('missingParameter', 'variantId is required unless the application has exactly one variant', {
    issues: [{ path: 'variantId', message: variants.length === 0 ? 'Required: the application has no variant yet; create one first' : 'Required: the application has several variants' }],
  });
}
