/**
 * A cold container: the configuration is read afresh from process.env, and with it come an
 * empty credential cache (lib/app-auth/credential-cache.ts keeps one per configuration) and
 * no client-secret pepper held (lib/secrets/pepper.ts). The state lives in the slot
 * lib/container-state.ts keeps on globalThis.
 */
export function coldContainer(): void {
  (globalThis as { [key: symbol]: Map<string, unknown> | undefined })[Symbol.for('signet.containerState')]?.clear();
}

/** The cold container a credential-cache test needs. */
export function clearCredentialCache(): void {
  coldContainer();
}

/** The cost of the password hashes made from now on (test/setup/per-file-env.ts sets `test`). */
export function usePasswordCost(cost: 'owasp' | 'test'): void {
  process.env.PASSWORD_HASH_COST = cost;
  coldContainer();
}
