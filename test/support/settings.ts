import { resetConfigForTests } from '../../lib/config.js';

/**
 * A cold container: the configuration is read afresh, and with it comes an empty
 * credential cache (lib/app-auth/credential-cache.ts keeps one per configuration).
 */
export function clearCredentialCache(): void {
  resetConfigForTests();
}

/** The cost of the password hashes made from now on (test/setup/per-file-env.ts sets `test`). */
export function usePasswordCost(cost: 'owasp' | 'test'): void {
  process.env.PASSWORD_HASH_COST = cost;
  resetConfigForTests();
}
