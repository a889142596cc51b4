import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { clientSecretPepper } from '../secrets/pepper.js';
import { conditionFailed, failedItem, numberAttribute, type CancellationReasons } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { secretCountDecrement, secretCountIncrement } from '../entities/application.js';
import { clientSecretDelete, clientSecretPut, readClientSecrets, touchClientSecret, type ClientSecretItem } from '../entities/client-secret.js';
import { SignetError } from '../errors.js';
import { isAppId, isSecretId, newSecretId } from './ids.js';
import { requireOwnedApplication, sortSecrets } from './repository.js';
import { now as clockNow } from '../clock.js';

/**
 * Client secrets of an application (the Basic-auth password of its backend).
 * A secret is 32 random bytes, shown once, stored only as HMAC-SHA256 under
 * CLIENT_SECRET_PEPPER: a fast keyed hash is right for high-entropy random
 * values (a slow KDF is for guessable passwords). Several secrets may be
 * active at once, so a secret is rotated by adding the new one, switching the
 * backend over, then retiring the old one. The application item counts its
 * active secrets (`clientSecretCount`) so conditions keep at least one.
 */

/** Recognizable by secret scanners and people: `signet_cs_` + 43 base64url characters. */
export const clientSecretPrefix = 'signet_cs_';
/** Bounds the work of a verification (every active secret is compared). */
export const maxActiveClientSecrets = 10;
/** `lastUsedAt` is written at most this often per secret, not on every request. */
const lastUsedResolutionMs = 60_000;

export function generateClientSecret(): string {
  return clientSecretPrefix + randomBytes(32).toString('base64url');
}

function hmacHex(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

/** The stored form of a secret: hex HMAC-SHA256 keyed by the pepper (lib/secrets/pepper.ts). */
export async function hashClientSecret(secret: string): Promise<string> {
  return hmacHex(await clientSecretPepper(), secret);
}

/**
 * A new secret and the item that stores its hash; the plain secret exists only in the return value.
 * `pepper` is clientSecretPepper(), read before the write is planned (plans are synchronous).
 */
export function newClientSecret(appId: string, now: Date, pepper: string): { clientSecret: string; item: ClientSecretItem } {
  const clientSecret = generateClientSecret();
  const secretId = newSecretId();
  return {
    clientSecret,
    item: {
      type: 'clientSecret',
      appId,
      secretId,
      secretHash: hmacHex(pepper, clientSecret),
      createdAt: now.toISOString(),
      lastUsedAt: null,
    },
  };
}

/** The app's active client secrets, oldest first (one Query; an unknown app has none). */
export async function loadActiveClientSecrets(appId: string): Promise<ClientSecretItem[]> {
  return sortSecrets(await readClientSecrets(appId));
}

/**
 * The active secret whose hash equals the hash of `presentedHash`, compared in
 * constant time against every secret (no early exit), or undefined.
 */
export function matchSecretHash(secrets: readonly ClientSecretItem[], presentedHash: string): ClientSecretItem | undefined {
  const presented = Buffer.from(presentedHash, 'hex');
  let match: ClientSecretItem | undefined;
  for (const secret of secrets) {
    const stored = Buffer.from(secret.secretHash, 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented) && !match) match = secret;
  }
  return match;
}

/** Hashes a presented secret and matches it against the app's active secrets (one Query). */
export async function verifyClientSecret(appId: string, presentedSecret: string): Promise<ClientSecretItem | undefined> {
  const presentedHash = await hashClientSecret(presentedSecret);
  return matchSecretHash(await loadActiveClientSecrets(appId), presentedHash);
}

/**
 * Records that a secret authenticated a request. Written at most once a minute
 * per secret; a retired secret is not resurrected (the item must exist). Never throws
 * for a condition miss: it is bookkeeping, not part of the request's outcome.
 */
export async function markClientSecretUsed(appId: string, secretId: string, now = clockNow()): Promise<void> {
  await touchClientSecret(appId, secretId, now, lastUsedResolutionMs);
}

/** `ownerUserId` restricts a change to the app's owner (developer API); the admin CLI passes none. */
export interface SecretChangeScope {
  ownerUserId?: number;
}

/** An app item a failed condition returned: absent, or owned by someone else, is "not found". */
function isMissingOrForeign(item: ReturnType<typeof failedItem>, scope: SecretChangeScope): boolean {
  if (!item) return true;
  return scope.ownerUserId !== undefined && numberAttribute(item, 'ownerUserId') !== scope.ownerUserId;
}

export interface CreatedClientSecret {
  secretId: string;
  clientSecret: string;
  createdAt: string;
}

/**
 * Adds an active secret (rotation step 1). One transaction: the secret item and
 * `clientSecretCount + 1` on the app, conditioned on ownership and the cap.
 */
export async function addClientSecret(appId: string, scope: SecretChangeScope = {}): Promise<CreatedClientSecret> {
  if (!isAppId(appId)) throw new SignetError('notFound', 'No such application');
  const pepper = await clientSecretPepper();
  return runOptimistic({
    read: async () => undefined,
    plan: () => {
    const { clientSecret, item } = newClientSecret(appId, clockNow(), pepper);
    const items = [secretCountIncrement(appId, scope.ownerUserId, maxActiveClientSecrets), clientSecretPut(item)];
    return {
      items,
      result: { secretId: item.secretId, clientSecret, createdAt: item.createdAt },
      onConditionFailed: (reasons) => {
        if (conditionFailed(reasons, 0)) {
          if (isMissingOrForeign(failedItem(reasons, 0), scope)) throw new SignetError('notFound', 'No such application');
          throw new SignetError('conflict', `An application has at most ${maxActiveClientSecrets} active client secrets; retire one first`);
        }
        return 'retry'; // only the random secretId collided: try again with a new one
      },
    };
    },
  });
}

/**
 * Retires a secret (rotation step 2): deletes it and decrements the count in one
 * transaction whose condition refuses to retire the last active secret.
 */
export async function retireClientSecret(appId: string, secretId: string, scope: SecretChangeScope = {}): Promise<void> {
  if (!isAppId(appId)) throw new SignetError('notFound', 'No such application');
  if (!isSecretId(secretId)) {
    // Nothing to delete, but an app the caller does not own must still answer as unknown.
    if (scope.ownerUserId !== undefined) await requireOwnedApplication(appId, scope.ownerUserId);
    throw new SignetError('notFound', 'No such client secret');
  }
  const items = [secretCountDecrement(appId, scope.ownerUserId), clientSecretDelete(appId, secretId, true)];
  await runOptimistic({ read: async () => undefined, plan: () => ({ items, result: undefined, onConditionFailed: (reasons) => retireRefused(reasons, scope) }) });
}

function retireRefused(reasons: CancellationReasons, scope: SecretChangeScope): never {
  if (conditionFailed(reasons, 0) && isMissingOrForeign(failedItem(reasons, 0), scope)) {
    throw new SignetError('notFound', 'No such application');
  }
  if (conditionFailed(reasons, 1)) throw new SignetError('notFound', 'No such client secret');
  throw new SignetError('conflict', 'This is the last active client secret; create a new one before retiring it');
}
