import { tableName } from '../db/table-name.js';
import type { TableKey } from '../db/table-key.js';
import { userPk } from './partitions.js';
import { get, type TransactItem } from '../db/operations.js';

/**
 * Password-reset tokens (docs/api.md, account lifecycle, docs/table-design.md "Password reset"). Two items:
 * the token, found by the SHA-256 of the token the mail carried (the token itself is
 * never stored), and the user's one reset pointer naming the current token's hash.
 * A newer request overwrites the pointer, so every older token is superseded; a reset
 * deletes the pointer on condition that it still names its token, so of two parallel
 * uses exactly one commits. Both expire by TTL.
 */
export interface PasswordResetTokenItem {
  type: 'passwordResetToken';
  /** null: the stand-in written for an unknown username (the same work either way). */
  userId: number | null;
  expiresAt: string;
  ttl: number;
}

export interface PasswordResetPointerItem {
  type: 'passwordResetPointer';
  tokenHash: string;
  expiresAt: string;
  ttl: number;
}

export const passwordResetKeys = {
  token: (tokenHash: string): TableKey => ({ pk: `PWRESET#${tokenHash}`, sk: 'PWRESET' }),
  /** In the user's partition; 'PASSWORDRESET' sorts before 'PROFILE', outside the profile-and-sessions range. */
  pointerOfUser: (userId: number): TableKey => ({ pk: userPk(userId), sk: 'PASSWORDRESET' }),
  /** Failure-counter items (lib/throttle/repository.ts) of the reset request's two limits. */
  mailsToUsername: (username: string): TableKey => ({ pk: `THROTTLE#RESETMAIL#${username.trim().toLowerCase()}`, sk: 'THROTTLE' }),
  requestsOfIp: (sourceIp: string): TableKey => ({ pk: `THROTTLE#RESETIP#${sourceIp}`, sk: 'THROTTLE' }),
};

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function readResetToken(tokenHash: string): Promise<PasswordResetTokenItem | undefined> {
  return get<PasswordResetTokenItem>(passwordResetKeys.token(tokenHash), { consistent: true });
}

/** A new token; its hash is 256 random bits, so a collision is a bug, refused by the condition. */
export function putResetToken(tokenHash: string, userId: number | null, expiresAt: string): TransactItem {
  const item: PasswordResetTokenItem = { type: 'passwordResetToken', userId, expiresAt, ttl: epochSeconds(expiresAt) };
  return { Put: { TableName: tableName(), Item: { ...passwordResetKeys.token(tokenHash), ...item }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Names the user's current token, replacing (superseding) whatever it named before. */
export function putResetPointer(userId: number, tokenHash: string, expiresAt: string): TransactItem {
  const item: PasswordResetPointerItem = { type: 'passwordResetPointer', tokenHash, expiresAt, ttl: epochSeconds(expiresAt) };
  return { Put: { TableName: tableName(), Item: { ...passwordResetKeys.pointerOfUser(userId), ...item } } };
}

/** Consumes the token: only while the pointer still names it and it has not expired (single use, newest only). */
export function consumeResetPointer(userId: number, tokenHash: string, now: Date): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: passwordResetKeys.pointerOfUser(userId),
      ConditionExpression: 'tokenHash = :hash AND expiresAt > :now',
      ExpressionAttributeValues: { ':hash': tokenHash, ':now': now.toISOString() },
    },
  };
}

export function deleteResetToken(tokenHash: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: passwordResetKeys.token(tokenHash) } };
}

/** Account deletion: any pending reset of the user goes too. */
export function deleteResetPointer(userId: number): TransactItem {
  return { Delete: { TableName: tableName(), Key: passwordResetKeys.pointerOfUser(userId) } };
}
