import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: 43 characters. OWASP asks for at least 128 bits of entropy. */
export function newResetToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a fast hash suffices for 256 random bits (nothing to brute-force). */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A value that could be one of our tokens; anything else is rejected without a read. */
export function isWellFormedResetToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
