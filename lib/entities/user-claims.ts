import { get, unlessConditionFails, update, type ItemsByKey, type TransactItem } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import { putNew } from './writes.js';

/**
 * Uniqueness claims pointing at a user: username (case-insensitive), globalId, entity code, Facebook id.
 * A claim also carries the user's globalId (immutable), so a login reads the member's
 * connection (keyed by it) alongside the profile; claims written before it did have none.
 */
export interface UserClaimItem {
  type: 'usernameClaim' | 'globalIdClaim' | 'entityCodeClaim' | 'facebookIdentity';
  userId: number;
  globalId?: string;
}

export const usernameClaimKey = (username: string): TableKey => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' });
export const globalIdClaimKey = (globalId: string): TableKey => ({ pk: `GLOBALID#${globalId}`, sk: 'GLOBALID' });
export const entityCodeClaimKey = (code: string): TableKey => ({ pk: `ENTITYCODE#${code}`, sk: 'ENTITYCODE' });
export const facebookIdentityKey = (facebookId: string): TableKey => ({ pk: `FACEBOOK#${facebookId}`, sk: 'FACEBOOK' });

/** The longest username add-user accepts (lib/auth/params.ts); anything longer names nobody and is not read. */
export const maxUsernameLength = 254;

/** A claim, written with the user in one transaction: it must not exist yet. */
export function claimPut(key: TableKey, type: UserClaimItem['type'], user: { userId: number; globalId: string }): TransactItem {
  const claim: UserClaimItem = { type, userId: user.userId, globalId: user.globalId };
  return putNew({ ...key, ...claim });
}

/** The user a claim in a BatchGetItem's answer names (read with other items of the request); globalId only on newer claims. */
export function claimedUser(found: ItemsByKey, key: TableKey | undefined): { userId: number; globalId: string | undefined } | undefined {
  const claim = found(key) as UserClaimItem | undefined;
  return claim ? { userId: claim.userId, globalId: claim.globalId } : undefined;
}

/** The userId of a claim in a BatchGetItem's answer (read with other items of the request). */
export function claimedUserId(found: ItemsByKey, key: TableKey | undefined): number | undefined {
  return claimedUser(found, key)?.userId;
}

/** The ONE username -> userId lookup (case-insensitive, strongly consistent); no read for a name nobody can hold. */
export async function userIdOfUsername(username: string): Promise<number | undefined> {
  if (username.length === 0 || username.length > maxUsernameLength) return undefined;
  return (await get<UserClaimItem>(usernameClaimKey(username), { consistent: true }))?.userId;
}

/** The user a Facebook id names, if any. */
export async function userIdOfFacebookId(facebookId: string): Promise<number | undefined> {
  return (await get<UserClaimItem>(facebookIdentityKey(facebookId)))?.userId;
}

/**
 * Writes the globalId into a claim from before claims carried it, so the user's next login
 * reads the connection beside the profile. Bookkeeping: only while the claim still names
 * this user and has none (a failed condition means someone else got there first: nothing to do).
 */
export async function backfillClaimGlobalId(key: TableKey, user: { userId: number; globalId: string }): Promise<void> {
  await unlessConditionFails(
    update(
      {
        Key: key,
        UpdateExpression: 'SET globalId = :globalId',
        ConditionExpression: 'userId = :userId AND attribute_not_exists(globalId)',
        ExpressionAttributeValues: { ':globalId': user.globalId, ':userId': user.userId },
      },
      'bookkeeping',
    ),
  );
}
