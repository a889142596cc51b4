import { randomBytes, scrypt } from 'node:crypto';
import { productionScryptParams } from '../../lib/users/password.js';

/**
 * The password KDF's cost, for telling login's deliberate work from its overhead:
 * the production parameters of lib/users/password.ts (N 2^17, r 8, p 1: 128 MiB,
 * OWASP's minimum), with its 32-byte key.
 */
export const kdfParameters = {
  keyLength: 32,
  options: { ...productionScryptParams, maxmem: 512 * 1024 * 1024 },
} as const;

export function deriveOnce(): Promise<void> {
  return new Promise((resolve, reject) =>
    scrypt('bench password', randomBytes(16), kdfParameters.keyLength, kdfParameters.options, (error) => (error ? reject(error) : resolve())),
  );
}
