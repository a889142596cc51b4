import { tableName } from '../db/table-name.js';
import { get, type TransactItem } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';
import type { KeyPrefix, TableKey } from '../db/table-key.js';
import { userPk } from './partitions.js';
import { deleteItem, putNew } from './writes.js';

/** A developer's pointers to the applications they own, and how many they own, in the developer's partition. */

export interface OwnedApplicationItem {
  type: 'ownedApplication';
  appId: string;
  createdAt: string;
}

/** How many applications a developer owns (MAX_APPLICATIONS_PER_OWNER). */
export interface ApplicationCountItem {
  type: 'applicationCount';
  applications: number;
}

export const ownedApplicationKey = (userId: number, appId: string): TableKey => ({ pk: userPk(userId), sk: `APP#${appId}` });
export const applicationsOfOwner = (userId: number): KeyPrefix => ({ pk: userPk(userId), skPrefix: 'APP#' });
/** Outside the 'APP#' prefix and the PROFILE..SESSION# range, so no owner or profile query reads it. */
export const applicationCountKey = (userId: number): TableKey => ({ pk: userPk(userId), sk: 'APPCOUNT' });

/** The appIds a user owns. */
export async function readOwnedApplicationIds(ownerUserId: number): Promise<string[]> {
  const owned = await queryAll<Pick<OwnedApplicationItem, 'appId'>>(queryOf(applicationsOfOwner(ownerUserId), { projection: 'appId' }));
  return owned.map((item) => item.appId);
}

/** The stored counter, undefined when the developer has none yet. */
export async function readApplicationCount(ownerUserId: number): Promise<number | undefined> {
  return (await get<ApplicationCountItem>(applicationCountKey(ownerUserId)))?.applications;
}

export function ownedApplicationPut(ownerUserId: number, appId: string, createdAt: string): TransactItem {
  const pointer: OwnedApplicationItem = { type: 'ownedApplication', appId, createdAt };
  return putNew({ ...ownedApplicationKey(ownerUserId, appId), ...pointer });
}

export function ownedApplicationDelete(ownerUserId: number, appId: string): TransactItem {
  return deleteItem(ownedApplicationKey(ownerUserId, appId));
}

/** A trusted (positive) counter one higher, below `max`. */
export function applicationCountIncrement(ownerUserId: number, max: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: applicationCountKey(ownerUserId),
      UpdateExpression: 'ADD applications :one',
      ConditionExpression: 'applications < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': max },
    },
  };
}

/** The counter written as `applications`, on condition that it is still what was read (`seen`; undefined: absent). */
export function applicationCountPut(ownerUserId: number, applications: number, seen: number | undefined): TransactItem {
  const counter: ApplicationCountItem = { type: 'applicationCount', applications };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...applicationCountKey(ownerUserId), ...counter },
      ...(seen === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'applications = :seen', ExpressionAttributeValues: { ':seen': seen } }),
    },
  };
}

/** One fewer, never below 0. */
export function applicationCountDecrement(ownerUserId: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: applicationCountKey(ownerUserId),
      UpdateExpression: 'ADD applications :minusOne',
      ConditionExpression: 'applications > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    },
  };
}
