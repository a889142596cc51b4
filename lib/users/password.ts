import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard). The stored string carries its
 * parameters and salt, so the cost can rise later without breaking old hashes:
 * `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`.
 */
const current = { N: 2 ** 15, r: 8, p: 1 } as const; // 32 MiB, tens of milliseconds
const keyLength = 32;
const saltLength = 16;
/** Refuse absurd stored parameters rather than let one row burn a container. */
const maxMemoryBytes = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 2 * maxMemoryBytes };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const hash = await derive(password, salt, current);
  return ['scrypt', current.N, current.r, current.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface Decoded {
  params: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function decode(stored: string): Decoded | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return undefined;
  if (128 * params.N * params.r * params.p > maxMemoryBytes) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

/**
 * Constant-time check. Without a stored hash (unknown user, Facebook-only
 * account) the same scrypt work is spent on a throwaway salt, so the answer
 * time does not tell whether the account exists.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const decoded = stored ? decode(stored) : undefined;
  if (!decoded) {
    await derive(password, randomBytes(saltLength), current);
    return false;
  }
  const candidate = await derive(password, decoded.salt, decoded.params);
  return candidate.length === decoded.hash.length && timingSafeEqual(candidate, decoded.hash);
}
