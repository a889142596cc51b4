import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { config } from '../config.js';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto: no native add-on).
 * The stored string carries its parameters and salt,
 * `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`, so the cost can rise: a
 * hash below the current parameters is upgraded at the next successful login.
 *
 * The cost is OWASP's minimum for scrypt (N=2^17, r=8, p=1: 128 MiB, docs/security.md).
 * Only the test suite hashes cheaper, with PASSWORD_HASH_COST=test (test/setup), which
 * lib/config.ts refuses inside a Lambda function.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const productionScryptParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** The cheap cost the test suite hashes with (thousands of users). */
const testScryptParams: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };

/** The parameters new hashes get. */
const current = (): ScryptParams => (config().PASSWORD_HASH_COST === 'test' ? testScryptParams : productionScryptParams);

const keyLength = 32;
const saltLength = 16;
/** Refuse absurd stored parameters rather than let one row burn a container. */
const maxMemoryBytes = 256 * 1024 * 1024;

const memoryOf = (params: ScryptParams) => 128 * params.N * params.r * params.p;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // node refuses above 32 MiB unless maxmem allows it: the cost is stated explicitly.
  const options: ScryptOptions = { ...params, maxmem: memoryOf(params) + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const params = current();
  const hash = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface Decoded {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function decode(stored: string): Decoded | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return undefined;
  if (memoryOf(params) > maxMemoryBytes) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

/** True when a stored hash is weaker than the current parameters (upgrade it at the next successful login). */
export function needsRehash(stored: string): boolean {
  const decoded = decode(stored);
  if (!decoded) return false;
  const { N, r, p } = decoded.params;
  const wanted = current();
  return N < wanted.N || r < wanted.r || p < wanted.p;
}

/**
 * Constant-time check. Without a stored hash (unknown user, Facebook-only
 * account) the same scrypt work is spent on a throwaway salt, so the answer
 * time does not tell whether the account exists.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const decoded = stored ? decode(stored) : undefined;
  if (!decoded) {
    await derive(password, randomBytes(saltLength), current());
    return false;
  }
  const candidate = await derive(password, decoded.salt, decoded.params);
  return candidate.length === decoded.hash.length && timingSafeEqual(candidate, decoded.hash);
}
