import { randomBytes } from 'node:crypto';

/**
 * Random public identifiers: lower-case Crockford base32 (no i, l, o, u), so they
 * are URL-safe, unambiguous when read aloud or copied, and never contain `:`
 * (an appId is the Basic-auth client_id) or `#` (the key separator).
 */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** `length` symbols of 5 random bits each (256 is a multiple of 32, so there is no bias). */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) token += alphabet[byte & 31];
  return token;
}

const tokenPattern = (prefix: string, length: number) => new RegExp(`^${prefix}_[${alphabet}]{${length}}$`);

/** 100 random bits: an appId is public, so it only needs to be unguessable enough not to collide. */
export const newAppId = (): string => `app_${randomToken(20)}`;
export const newSecretId = (): string => `sec_${randomToken(16)}`;

const appIdPattern = tokenPattern('app', 20);
const secretIdPattern = tokenPattern('sec', 16);

/** A path segment that cannot be an id we issued needs no database read: it is simply not found. */
export const isAppId = (value: string): boolean => appIdPattern.test(value);
export const isSecretId = (value: string): boolean => secretIdPattern.test(value);
