import { config, type Config } from '../config.js';
import { nowMs as clockNowMs } from '../clock.js';

/**
 * Credentials verified by this container, keyed by appId + the hash of the presented
 * secret, so a warm call skips the secret read. An entry lives CREDENTIAL_CACHE_TTL_SECONDS
 * (0 disables caching): a retired secret stops working within that time (docs/api.md, Developer).
 * Only successes are cached, so a newly created secret works at once.
 */
interface CachedCredential {
  secretId: string;
  expiresAtMs: number;
}

/** Bounds memory if many distinct credentials hit one container. */
const maxEntries = 1000;

/**
 * One cache per parsed configuration. A container parses its configuration once, so this
 * is the container's cache; a run that re-reads the configuration (the tests, to change a
 * setting or to start as a cold container) starts with an empty one.
 */
const caches = new WeakMap<Config, Map<string, CachedCredential>>();

function verifiedCredentials(): Map<string, CachedCredential> {
  const settings = config();
  let cache = caches.get(settings);
  if (!cache) {
    cache = new Map();
    caches.set(settings, cache);
  }
  return cache;
}

const cacheKey = (appId: string, secretHash: string) => `${appId}\n${secretHash}`;

/** The secretId of a still-fresh verified credential, or undefined. */
export function cachedSecretId(appId: string, secretHash: string, nowMs = clockNowMs()): string | undefined {
  const verified = verifiedCredentials();
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
  const verified = verifiedCredentials();
  const key = cacheKey(appId, secretHash);
  verified.delete(key); // re-insert at the end: Map order is eviction order
  if (verified.size >= maxEntries) {
    const oldest = verified.keys().next().value;
    if (oldest !== undefined) verified.delete(oldest);
  }
  verified.set(key, { secretId, expiresAtMs: nowMs + ttlSeconds * 1000 });
}
