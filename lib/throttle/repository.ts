import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { TableKey } from '../db/keys.js';

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
const conditionFailed = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * Counts one failure unless the window's limit is reached: granted when the
 * count was below the limit (and is now one higher), else refused with the
 * seconds until the window ends. Tries the live window first, then a fresh one;
 * a concurrent change of the window makes the condition fail and the other runs.
 */
export async function reserveFailure(key: TableKey, window: FailureWindow, now = new Date()): Promise<Reservation> {
  const nowSeconds = epochSeconds(now);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'ADD failures :one',
          ConditionExpression: 'windowEndsAt > :now AND failures < :limit',
          ExpressionAttributeValues: { ':one': 1, ':now': nowSeconds, ':limit': window.limit },
        }),
      );
      return { granted: true };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const windowEndsAt = nowSeconds + window.windowSeconds;
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #type = :type, failures = :one, windowEndsAt = :ends, #ttl = :ends',
          ConditionExpression: 'attribute_not_exists(pk) OR windowEndsAt <= :now',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':type': 'failureCounter', ':one': 1, ':ends': windowEndsAt, ':now': nowSeconds },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { granted: true };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const old = (error as { Item?: Record<string, { N?: string }> }).Item;
      const ends = Number(old?.windowEndsAt?.N);
      const failures = Number(old?.failures?.N);
      // A live window at its limit: refused. Otherwise it changed under us; try again.
      if (Number.isFinite(ends) && ends > nowSeconds && failures >= window.limit) {
        return { granted: false, retryAfterSeconds: Math.max(1, ends - nowSeconds) };
      }
    }
  }
  return { granted: false, retryAfterSeconds: window.windowSeconds };
}

/** Gives back a reservation that turned out not to be a failure (the password was right). */
export async function releaseFailure(key: TableKey): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'ADD failures :minusOne',
        ConditionExpression: 'failures > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!conditionFailed(error)) throw error;
  }
}

/** Forgets a counter (a successful login resets its (username, source IP) pair). */
export async function clearFailures(key: TableKey): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName(), Key: key }));
}
