import type { ItemsByKey, TransactItem } from '../db/operations.js';
import { get, update } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import { userPk } from './partitions.js';
import { putNew } from './writes.js';

/** A user's profile (docs/table-design.md, "Users"). */

export type Gender = string; // the >= 1.4.10 word (male, female, nonbinary, ..., other)

export interface UserItem {
  type: 'user';
  userId: number;
  globalId: string;
  username: string | null; // as registered; unique case-insensitively through usernameClaimKey
  passwordHash: string | null; // scrypt, encoded with its parameters; null for Facebook-only users
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  birthday: string | null; // YYYY-MM-DD
  mailingListSubOffered: boolean;
  mailingListSubscribed: boolean;
  printedMailingListSubscribed: boolean;
  entityCode: { type: string; code: string };
  facebookId: string | null;
  createdAt: string;
  /** May open admin (developer) sessions when DEVELOPER_SIGNUP=closed: set by create-admin or an invitation. */
  developer?: true;
  /** Set by account deletion (lib/entities/account.ts eraseUser): the personal fields are erased. */
  deletedAt?: string;
}

export const userKey = (userId: number): TableKey => ({ pk: userPk(userId), sk: 'PROFILE' });

export function readUser(userId: number): Promise<UserItem | undefined> {
  return get<UserItem>(userKey(userId));
}

/** The user in a BatchGetItem's answer. */
export function userIn(found: ItemsByKey, userId: number): UserItem | undefined {
  return found(userKey(userId)) as UserItem | undefined;
}

export function userPut(user: UserItem): TransactItem {
  return putNew({ ...userKey(user.userId), ...user });
}

/** A password re-hashed under stronger parameters, on condition that it is still the hash read (bookkeeping). */
export async function replacePasswordHash(userId: number, oldHash: string, newHash: string): Promise<void> {
  await update(
    {
      Key: userKey(userId),
      UpdateExpression: 'SET passwordHash = :new',
      ConditionExpression: 'passwordHash = :old',
      ExpressionAttributeValues: { ':new': newHash, ':old': oldHash },
    },
    'bookkeeping',
  );
}

/** Grants the developer role (issue 21); false when no such user exists. */
export async function grantDeveloperRole(userId: number): Promise<boolean> {
  try {
    await update({
      Key: userKey(userId),
      UpdateExpression: 'SET developer = :true',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true },
    });
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
