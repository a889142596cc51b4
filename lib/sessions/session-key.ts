import { createHash, randomBytes } from 'node:crypto';

/** A session key: 32 random bytes as 64 lower-case hex characters (docs/api.md). */
export function newSessionKey(): string {
  return randomBytes(32).toString('hex');
}

/** Only this hash is stored (keys.session); a leaked table does not leak live sessions. */
export function hashSessionKey(sessionKey: string): string {
  return createHash('sha256').update(sessionKey, 'utf8').digest('hex');
}

/** Anything else cannot be a key we issued, so it needs no database read. */
export function isWellFormedSessionKey(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** A user id as sent by a client: digits only, within the allocated range. */
export function parseUserId(value: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Stands for an unknown username: user ids start at 1, so no user or session has it. Reading
 * its session costs what a known user's costs (issue 21, no enumeration by timing).
 */
export const noSuchUserId = 0;
