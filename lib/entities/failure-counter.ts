import { tableName } from '../db/table-name.js';
import { conditionHeld, isConditionFailure, update, type ItemsByKey, type TransactItem } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import { deleteItem } from './writes.js';

/**
 * Failures counted in the current window (lib/throttle, docs/security.md "Throttling"):
 * one item per counted scope, a fixed window that ends at `windowEndsAt` (epoch seconds)
 * and expires by TTL. Every change is one conditional UpdateItem, so counters hold
 * across Lambda containers and concurrent requests cannot overshoot the limit.
 */
export interface FailureCounterItem {
  type: 'failureCounter';
  failures: number;
  /** Epoch seconds; the window (and any refusal) ends here. */
  windowEndsAt: number;
  ttl: number;
}

/** Failed logins per (username, source IP). */
export const loginFailuresKey = (username: string, sourceIp: string): TableKey => ({ pk: `THROTTLE#LOGIN#${username.toLowerCase()}#${sourceIp}`, sk: 'THROTTLE' });
/** Failed license-code redemptions of one member (userId) from one source IP. */
export const redeemFailuresKey = (userId: number, sourceIp: string): TableKey => ({ pk: `THROTTLE#REDEEM#${userId}#${sourceIp}`, sk: 'THROTTLE' });
/** Failed license-code redemptions from one source IP over all accounts (issue 21). */
export const redeemFailuresOfIpKey = (sourceIp: string): TableKey => ({ pk: `THROTTLE#REDEEMIP#${sourceIp}`, sk: 'THROTTLE' });
/** Failed logins per source IP over all usernames. */
export const loginFailuresOfIpKey = (sourceIp: string): TableKey => ({ pk: `THROTTLE#LOGINIP#${sourceIp}`, sk: 'THROTTLE' });
/** Failed session checks by username (get-login-status) per source IP (issue 21, enumeration). */
export const sessionCheckFailuresOfIpKey = (sourceIp: string): TableKey => ({ pk: `THROTTLE#SESSIONIP#${sourceIp}`, sk: 'THROTTLE' });

/** A counter read with other items (one BatchGetItem): undefined when absent. */
export function failureCounterIn(found: ItemsByKey, key: TableKey): FailureCounterItem | undefined {
  const item = found(key) as Partial<FailureCounterItem> | undefined;
  return item?.type === 'failureCounter' ? (item as FailureCounterItem) : undefined;
}

/** Failed Basic authentications per (appId, source IP). */
export const appAuthFailuresKey = (appId: string, sourceIp: string): TableKey => ({ pk: `THROTTLE#APPAUTH#${appId}#${sourceIp}`, sk: 'THROTTLE' });

/** What one counting write saw: counted, or refused with the counter as it was (undefined fields: absent). */
export type CountAnswer = { counted: true } | { counted: false; windowEndsAt: number | undefined; failures: number | undefined };

function oldCounter(error: unknown): { windowEndsAt: number | undefined; failures: number | undefined } {
  const old = (error as { Item?: Record<string, { N?: string }> }).Item;
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return { windowEndsAt: number(old?.windowEndsAt?.N), failures: number(old?.failures?.N) };
}

/** One more failure in a live (or new) window below `limit`; refused with the stored counter otherwise. */
export async function countFailure(key: TableKey, limit: number, windowEndsAt: number, nowSeconds: number): Promise<CountAnswer> {
  try {
    await update(
      {
        Key: key,
        UpdateExpression: 'SET #type = :type, windowEndsAt = if_not_exists(windowEndsAt, :ends), #ttl = if_not_exists(#ttl, :ends) ADD failures :one',
        ConditionExpression: 'attribute_not_exists(pk) OR (windowEndsAt > :now AND failures < :limit)',
        ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':type': 'failureCounter', ':one': 1, ':ends': windowEndsAt, ':now': nowSeconds, ':limit': limit },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
      'bookkeeping',
    );
    return { counted: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { counted: false, ...oldCounter(error) };
  }
}

/** A window that ended (or a counter without one) restarted at one failure; false when it changed meanwhile. */
export async function restartFailureWindow(key: TableKey, windowEndsAt: number, nowSeconds: number): Promise<boolean> {
  return conditionHeld(
    update(
      {
        Key: key,
        UpdateExpression: 'SET failures = :one, windowEndsAt = :ends, #ttl = :ends',
        ConditionExpression: 'attribute_not_exists(windowEndsAt) OR windowEndsAt <= :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':ends': windowEndsAt, ':now': nowSeconds },
      },
      'bookkeeping',
    ),
  );
}

/** Gives back one counted failure (never below 0). */
export async function releaseFailure(key: TableKey): Promise<void> {
  try {
    await update(
      { Key: key, UpdateExpression: 'ADD failures :minusOne', ConditionExpression: 'failures > :zero', ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 } },
      'bookkeeping',
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The counter removed, in another write's transaction (a successful login). */
export function clearFailuresItem(key: TableKey): TransactItem {
  return deleteItem(key);
}

/**
 * One failure given back, in another write's transaction. No condition (a login must not
 * fail for bookkeeping): a counter removed by TTL meanwhile comes back at -1 with a ttl,
 * and counting restarts a window that has no windowEndsAt.
 */
export function releaseFailureItem(key: TableKey, nowSeconds: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET #ttl = if_not_exists(#ttl, :soon) ADD failures :minusOne',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':minusOne': -1, ':soon': nowSeconds + 3600 },
    },
  };
}
