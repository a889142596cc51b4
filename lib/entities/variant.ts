import { tableName } from '../db/table-name.js';
import { get, type ItemsByKey, type TransactItem } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import type { LicenseDuration } from './license.js';
import { appPk } from './partitions.js';
import { putNew } from './writes.js';

/** A variant (plan) of an application, and the claim of its name (unique per app, case-insensitively). */
export interface VariantItem {
  type: 'variant';
  appId: string;
  variantId: string;
  /** As entered (trimmed); unique per app case-insensitively through the name claim. */
  name: string;
  description: string | null;
  defaultDuration: LicenseDuration;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter of developer edits; absent means 0. */
  version?: number;
}

/**
 * The name's owner. Carries a copy of the variant's name and default duration (kept in
 * step in every variant write) so status sync resolves a variant by name with one GetItem.
 */
export interface VariantNameClaimItem {
  type: 'variantNameClaim';
  appId: string;
  variantId: string;
  name: string;
  defaultDuration: LicenseDuration;
}

export const variantKey = (appId: string, variantId: string): TableKey => ({ pk: appPk(appId), sk: `VARIANT#${variantId}` });
export const variantsOfApp = (appId: string): KeyPrefix => ({ pk: appPk(appId), skPrefix: 'VARIANT#' });
export const variantNameClaimKey = (appId: string, name: string): TableKey => ({ pk: appPk(appId), sk: `VARIANTNAME#${name.toLowerCase()}` });

export type StoredVariant = VariantItem & TableKey;
export type StoredVariantNameClaim = VariantNameClaimItem & TableKey;

export function variantIn(found: ItemsByKey, appId: string, variantId: string): VariantItem | undefined {
  return found(variantKey(appId, variantId)) as VariantItem | undefined;
}

export function variantNameClaimIn(found: ItemsByKey, appId: string, name: string): VariantNameClaimItem | undefined {
  return found(variantNameClaimKey(appId, name)) as VariantNameClaimItem | undefined;
}

export function readVariant(appId: string, variantId: string): Promise<VariantItem | undefined> {
  return get<VariantItem>(variantKey(appId, variantId));
}

export function readVariantNameClaim(appId: string, name: string, options: { consistent?: boolean } = {}): Promise<VariantNameClaimItem | undefined> {
  return get<VariantNameClaimItem>(variantNameClaimKey(appId, name), { consistent: options.consistent ?? true });
}

/** Every variant of an app, unsorted. */
export function readVariants(appId: string): Promise<VariantItem[]> {
  return queryAll<VariantItem>(queryOf(variantsOfApp(appId), { consistent: true }));
}

/** The variant item (version 1) and its name claim. */
export function variantItems(
  appId: string,
  input: { name: string; description?: string | null; defaultDuration: LicenseDuration },
  now: Date,
  variantId: string,
): { variant: StoredVariant; nameClaim: StoredVariantNameClaim } {
  const at = now.toISOString();
  const variant: StoredVariant = {
    ...variantKey(appId, variantId),
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
    ...variantNameClaimKey(variant.appId, variant.name),
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
  return [putNew(items.variant), putNew(items.nameClaim)];
}

/** Condition + values that hold only while the variant is the version that was read. */
function sameVersion(variant: VariantItem): { expression: string; values: Record<string, unknown> } {
  return variant.version === undefined
    ? { expression: 'attribute_exists(pk) AND attribute_not_exists(version)', values: {} }
    : { expression: 'version = :version', values: { ':version': variant.version } };
}

/** The edited fields of `next`, on condition that the stored variant is still `read`. */
export function variantUpdate(read: VariantItem, next: VariantItem): TransactItem {
  const version = sameVersion(read);
  return {
    Update: {
      TableName: tableName(),
      Key: variantKey(read.appId, read.variantId),
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
  };
}

/** Deletes the variant while it is still the version read. */
export function variantDelete(read: VariantItem): TransactItem {
  const version = sameVersion(read);
  return {
    Delete: {
      TableName: tableName(),
      Key: variantKey(read.appId, read.variantId),
      ConditionExpression: version.expression,
      ExpressionAttributeValues: Object.keys(version.values).length > 0 ? version.values : undefined,
    },
  };
}

/** A new claim (the name moved): the name must be free. */
export function nameClaimPutNew(claim: StoredVariantNameClaim): TransactItem {
  return putNew(claim);
}

/** The claim rewritten in place (same name, other letter case or fields), while it still names the variant. */
export function nameClaimRewrite(claim: StoredVariantNameClaim): TransactItem {
  return { Put: { TableName: tableName(), Item: claim, ConditionExpression: 'variantId = :variantId', ExpressionAttributeValues: { ':variantId': claim.variantId } } };
}

/** Deletes the claim of `name` while it names `variantId`. */
export function nameClaimDelete(appId: string, name: string, variantId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: variantNameClaimKey(appId, name),
      ConditionExpression: 'variantId = :variantId',
      ExpressionAttributeValues: { ':variantId': variantId },
    },
  };
}

/** The name still belongs to `variantId` at commit (status sync's grant). */
export function nameClaimCheck(appId: string, name: string, variantId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: variantNameClaimKey(appId, name),
      ConditionExpression: 'variantId = :variantId',
      ExpressionAttributeValues: { ':variantId': variantId },
    },
  };
}

/** The variant still exists at commit. */
export function variantExistsCheck(appId: string, variantId: string): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: variantKey(appId, variantId), ConditionExpression: 'attribute_exists(pk)' } };
}
