import { tableName } from '../db/table-name.js';
import { isConditionFailure, update, type TransactItem } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import { appPk } from './partitions.js';
import { deleteItem, putNew } from './writes.js';

/** A client secret of an application, stored only as its HMAC. */
export interface ClientSecretItem {
  type: 'clientSecret';
  appId: string;
  secretId: string;
  /** HMAC-SHA256 of the secret (random secrets need no slow KDF). */
  secretHash: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const clientSecretKey = (appId: string, secretId: string): TableKey => ({ pk: appPk(appId), sk: `SECRET#${secretId}` });
export const clientSecretsOfApp = (appId: string): KeyPrefix => ({ pk: appPk(appId), skPrefix: 'SECRET#' });

/** The app's active client secrets, unsorted (one Query; an unknown app has none). */
export function readClientSecrets(appId: string): Promise<ClientSecretItem[]> {
  return queryAll<ClientSecretItem>(queryOf(clientSecretsOfApp(appId), { consistent: true }));
}

export function clientSecretPut(secret: ClientSecretItem): TransactItem {
  return putNew({ ...clientSecretKey(secret.appId, secret.secretId), ...secret });
}

/** Deletes a secret that must exist (`mustExist`), or whatever is there. */
export function clientSecretDelete(appId: string, secretId: string, mustExist: boolean): TransactItem {
  if (!mustExist) return deleteItem(clientSecretKey(appId, secretId));
  return { Delete: { TableName: tableName(), Key: clientSecretKey(appId, secretId), ConditionExpression: 'attribute_exists(pk)' } };
}

/**
 * `lastUsedAt` = now, at most once per `resolutionMs` per secret; a retired secret is not
 * resurrected (the item must exist). Bookkeeping: a condition miss is no error.
 */
export async function touchClientSecret(appId: string, secretId: string, now: Date, resolutionMs: number): Promise<void> {
  try {
    await update(
      {
        Key: clientSecretKey(appId, secretId),
        UpdateExpression: 'SET lastUsedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (lastUsedAt = :null OR lastUsedAt < :threshold)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':null': null, ':threshold': new Date(now.getTime() - resolutionMs).toISOString() },
      },
      'bookkeeping',
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
