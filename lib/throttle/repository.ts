import { tableName } from '../config.js';
import { now as clockNow } from '../clock.js';
import type { TableKey } from '../db/keys.js';
import { isConditionFailure, update, type TransactItem } from '../db/operations.js';
import { backOffAfterContention } from '../db/optimistic.js';

/**
 * Failure counters in the table (docs/security.md, "Throttling"): one item per
 * counted scope, a fixed window that ends at `windowEndsAt` (epoch seconds) and
 * expires by TTL. Every change is one conditional UpdateItem, so counters hold
 * across Lambda containers and concurrent requests cannot overshoot the limit.
 */
export interface FailureWindow {
  limit: number;
  windowSeconds: number;
}

export type Reservation = { granted: true } | { granted: false; retryAfterSeconds: number };

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * Counts one failure unless the window's limit is reached: granted when the
 * count was below the limit (and is now one higher), else refused with the
 * seconds until the window ends. One UpdateItem in the common cases (no counter
 * yet, or a live window below the limit); a window that ended but is not yet
 * removed by TTL is restarted by a second, conditional one. A concurrent change
 * makes a condition fail and the attempt is judged again, after the shared jittered
 * backoff, until the request's deadline: only a full window refuses (429); running
 * out of time under contention is a 503, never a 429.
 */
export async function reserveFailure(key: TableKey, window: FailureWindow, now = clockNow()): Promise<Reservation> {
  const nowSeconds = epochSeconds(now);
  const windowEndsAt = nowSeconds + window.windowSeconds;
  for (let attempt = 1; ; attempt += 1) {
    let old: Record<string, { N?: string }> | undefined;
    try {
      await update(
        {
          Key: key,
          UpdateExpression: 'SET #type = :type, windowEndsAt = if_not_exists(windowEndsAt, :ends), #ttl = if_not_exists(#ttl, :ends) ADD failures :one',
          ConditionExpression: 'attribute_not_exists(pk) OR (windowEndsAt > :now AND failures < :limit)',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':type': 'failureCounter', ':one': 1, ':ends': windowEndsAt, ':now': nowSeconds, ':limit': window.limit },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
        'bookkeeping',
      );
      return { granted: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      old = (error as { Item?: Record<string, { N?: string }> }).Item;
    }
    const ends = Number(old?.windowEndsAt?.N);
    if (Number.isFinite(ends) && ends > nowSeconds) {
      // A live window: full, or it changed under us (then judge again).
      if (Number(old?.failures?.N) >= window.limit) return { granted: false, retryAfterSeconds: Math.max(1, ends - nowSeconds) };
      await backOffAfterContention(attempt);
      continue;
    }
    try {
      await update(
        {
          Key: key,
          UpdateExpression: 'SET failures = :one, windowEndsAt = :ends, #ttl = :ends',
          ConditionExpression: 'attribute_not_exists(windowEndsAt) OR windowEndsAt <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':ends': windowEndsAt, ':now': nowSeconds },
        },
        'bookkeeping',
      );
      return { granted: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    await backOffAfterContention(attempt);
  }
}

/** Gives back a reservation that turned out not to be a failure (the password was right). */
export async function releaseFailure(key: TableKey): Promise<void> {
  try {
    await update(
      {
        Key: key,
        UpdateExpression: 'ADD failures :minusOne',
        ConditionExpression: 'failures > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      },
      'bookkeeping',
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The same two changes as transaction items, to ride along with another write (a successful login's session). */
export function clearFailuresItem(key: TableKey): TransactItem {
  return { Delete: { TableName: tableName(), Key: key } };
}

export function releaseFailureItem(key: TableKey, now = clockNow()): TransactItem {
  // No condition (a login must not fail for bookkeeping): a counter removed by TTL meanwhile comes
  // back at -1 with a ttl, and reserveFailure restarts a window that has no windowEndsAt.
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET #ttl = if_not_exists(#ttl, :soon) ADD failures :minusOne',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':minusOne': -1, ':soon': epochSeconds(now) + 3600 },
    },
  };
}
