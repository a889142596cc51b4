import { config } from '../config.js';
import { nowMs as clockNowMs } from '../clock.js';

/**
 * Credentials verified by this container, keyed by appId + the hash of the presented
 * secret, so a warm call skips the secret read. An entry lives CREDENTIAL_CACHE_TTL_SECONDS
 * (0 disables caching): a retired secret stops working within that time (API.md §4).
 * Only successes are cached, so a newly created secret works at once.
 */
interface CachedCredential {
  secretId: string;
  expiresAtMs: number;
}

/** Bounds memory if many distinct credentials hit one container. */
const maxEntries = 1000;
const verified = new Map<string, CachedCredential>();

const cacheKey = (appId: string, secretHash: string) => `${appId}\n${secretHash}`;

/** The secretId of a still-fresh verified credential, or undefined. */
export function cachedSecretId(appId: string, secretHash: string, nowMs = clockNowMs()): string | undefined {
  const key = cacheKey(appId, secretHash);
  const entry = verified.get(key);
  if (!entry) return undefined;
  if (entry.expiresAtMs <= nowMs) {
    verified.delete(key);
    return undefined;
  }
  return entry.secretId;
}

export function rememberVerifiedCredential(appId: string, secretHash: string, secretId: string, nowMs = clockNowMs()): void {
  const ttlSeconds = config().CREDENTIAL_CACHE_TTL_SECONDS;
  if (ttlSeconds <= 0) return;
  const key = cacheKey(appId, secretHash);
  verified.delete(key); // re-insert at the end: Map order is eviction order
  if (verified.size >= maxEntries) {
    const oldest = verified.keys().next().value;
    if (oldest !== undefined) verified.delete(oldest);
  }
  verified.set(key, { secretId, expiresAtMs: nowMs + ttlSeconds * 1000 });
}

/** Tests simulate a cold container (or an expired TTL) with this. */
export function clearCredentialCache(): void {
  verified.clear();
}
