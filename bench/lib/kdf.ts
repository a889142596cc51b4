import { randomBytes, scrypt } from 'node:crypto';

/**
 * The password KDF's cost, for telling login's deliberate work from its overhead.
 * Mirrors the parameters of lib/users/password.ts (`current`: N 2^15, r 8, p 1,
 * 32-byte key); if those change, change these too.
 */
export const kdfParameters = {
  keyLength: 32,
  options: { N: 2 ** 15, r: 8, p: 1, maxmem: 512 * 1024 * 1024 },
} as const;

export function deriveOnce(): Promise<void> {
  return new Promise((resolve, reject) =>
    scrypt('bench password', randomBytes(16), kdfParameters.keyLength, kdfParameters.options, (error) => (error ? reject(error) : resolve())),
  );
}
