import { replacePasswordHash } from '../entities/user.js';
import { logger } from '../logger.js';
import { hashPassword, needsRehash } from './password.js';

/**
 * After a successful login, re-hashes a password stored under weaker parameters
 * (docs/security.md). Conditioned on the old hash, so a password changed meanwhile is
 * left alone; a failure only delays the upgrade to the next login.
 */
export async function upgradePasswordHashIfWeak(userId: number, storedHash: string | null, password: string): Promise<void> {
  if (!storedHash || !needsRehash(storedHash)) return;
  try {
    // Bookkeeping: the login's answer does not depend on it, so it never makes a 503's outcome unknown.
    await replacePasswordHash(userId, storedHash, await hashPassword(password));
  } catch (error) {
    logger.warn('could not upgrade a password hash', { errorName: error instanceof Error ? error.name : 'unknown' });
  }
}
