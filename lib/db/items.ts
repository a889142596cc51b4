/**
 * The stored shape of every shared entity (docs/table-design.md). Items carry
 * their key attributes (`pk`, `sk`) from lib/db/keys.ts plus these fields.
 * Timestamps are ISO-8601 UTC strings with milliseconds; `ttl` is epoch seconds.
 */

import type { HostnameEntry } from '../applications/hostnames.js';

export type Gender = string; // the >= 1.4.10 word (male, female, nonbinary, ..., other)

/** keys.user(userId) */
export interface UserItem {
  type: 'user';
  userId: number;
  globalId: string;
  username: string | null; // as registered; unique case-insensitively through keys.usernameClaim
  passwordHash: string | null; // scrypt, encoded with its parameters; null for Facebook-only users
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  birthday: string | null; // YYYY-MM-DD
  mailingListSubOffered: boolean;
  mailingListSubscribed: boolean;
  printedMailingListSubscribed: boolean;
  entityCode: { type: string; code: string };
  facebookId: string | null;
  createdAt: string;
}

/** keys.usernameClaim / globalIdClaim / entityCodeClaim / facebookIdentity: uniqueness claims pointing at a user. */
export interface UserClaimItem {
  type: 'usernameClaim' | 'globalIdClaim' | 'entityCodeClaim' | 'facebookIdentity';
  userId: number;
}

/** keys.loginFailures / loginFailuresOfIp / appAuthFailures: failures counted in the current window (lib/throttle). */
export interface FailureCounterItem {
  type: 'failureCounter';
  failures: number;
  /** Epoch seconds; the window (and any refusal) ends here. */
  windowEndsAt: number;
  ttl: number;
}

/** keys.session(userId, sha256(sessionKey)); the key itself is never stored. */
export interface SessionItem {
  type: 'session';
  userId: number;
  /** Copied from the user so admin authentication and logout need one read. */
  globalId: string;
  username: string | null;
  /** 'ADMIN' for admin sessions, else the appId of a member session. */
  scope: string;
  authMethod: 'password' | 'facebook';
  createdAt: string;
  expiresAt: string;
  ttl: number;
  /** A Facebook session keeps the token get-login-status returns; expiry null when the client did not send it. */
  facebook?: { facebookId: string; accessToken: string; accessTokenExpiresAt: string | null };
}

/** keys.sessionScope(userId, scope): the key hash of the scope's one live session. */
export interface SessionScopeItem {
  type: 'sessionScope';
  scope: string;
  keyHash: string;
}

/** keys.connectionCounterShard(appId, shard): connections created, counted in one of connectionCounterShards shards. */
export interface ConnectionCounterShardItem {
  type: 'connectionCounterShard';
  count: number;
}

/** keys.idempotencyRecord(scopeHash): one Idempotency-Key's request and, once complete, its answer (lib/http/idempotency.ts). */
export interface IdempotencyRecordItem {
  type: 'idempotencyRecord';
  /** sha256 of method, path and body: the same key with another request is a 422. */
  fingerprint: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  /** The attempt that owns the key; a transaction commits only under it. */
  attemptId: string;
  /** Epoch ms (wall clock) until which an IN_PROGRESS attempt is considered running. */
  leaseEndsAt: number;
  /** JSON of the use case's result, written by the committing transaction itself. */
  committedResult?: string;
  /** The stored answer (COMPLETED). */
  response?: { statusCode: number; headers: Record<string, string>; body: string };
  ttl: number;
}

/** keys.application(appId) */
export interface ApplicationItem {
  type: 'application';
  appId: string;
  name: string;
  hostnames: string[];
  /** Verification state of each hostname (docs/security.md, Hostname ownership); absent on items older than verification (all verified). */
  hostnameStatus?: HostnameEntry[];
  ownerUserId: number;
  createdAt: string;
  /** Legacy: connections counted on the app item before the sharded counter (keys.connectionCounterShard); no longer written. */
  connectionCount?: number;
  /** Active client secrets; conditions on it keep at least one (and at most a cap). */
  clientSecretCount: number;
}

/** keys.ownedApplication(userId, appId): lists a developer's applications. */
export interface OwnedApplicationItem {
  type: 'ownedApplication';
  appId: string;
  createdAt: string;
}

/** keys.applicationCountOfOwner(userId): how many applications a developer owns (MAX_APPLICATIONS_PER_OWNER). */
export interface ApplicationCountItem {
  type: 'applicationCount';
  applications: number;
}

/** keys.hostnameClaim(hostname): a hostname names exactly one application. */
export interface HostnameClaimItem {
  type: 'hostnameClaim';
  appId: string;
}

/** keys.clientSecret(appId, secretId) */
export interface ClientSecretItem {
  type: 'clientSecret';
  appId: string;
  secretId: string;
  /** HMAC-SHA256 of the secret (random secrets need no slow KDF). */
  secretHash: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** keys.connection(appId, globalId): a user's link to an application, made by their first member login. */
export interface ConnectionItem {
  type: 'connection';
  connectionId: string;
  appId: string;
  globalId: string;
  userId: number;
  isActive: boolean;
  loginCount: number;
  lastSession: string | null;
  joinedAt: string;
  /** Copied from the user at each login so user lists need no join. */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Optimistic-concurrency counter for status sync: every status change bumps it. */
  statusVersion: number;
  /**
   * The connection's ACTIVE synced licenses, maintained by status sync in the same
   * transaction as the license items, so lists need no per-user query. A summary
   * whose `expiresAt` has passed counts as not active.
   */
  syncedStatuses: SyncedStatusSummary[];
  /** When status sync last changed `syncedStatuses`; keeps history timestamps monotonic. */
  statusChangedAt?: string;
  /**
   * The connection's redeemed licenses (lib/licenses/redeem.ts), written in the redeem
   * transaction like `syncedStatuses`; status sync never touches them. One whose
   * `expiresAt` has passed counts as not active. Absent means none.
   */
  redeemedLicenses?: RedeemedLicenseSummary[];
}

export interface RedeemedLicenseSummary {
  licenseId: string;
  code: string;
  variantId: string;
  variantName: string;
  expiresAt: string | null;
  redeemedAt: string;
}

export interface SyncedStatusSummary {
  status: string;
  licenseId: string;
  variantId: string;
  variantName: string;
  expiresAt: string | null;
  /** Written by status sync so the current status is read without the license item. */
  code?: string;
  duration?: LicenseDuration;
  activatedAt?: string;
}

export type LicenseDuration = 'MONTH' | 'YEAR' | 'LIFETIME';
export type LicenseState = 'UNUSED' | 'ACTIVE' | 'EXPIRED';

/**
 * keys.license(appId, globalId, licenseId): a license linked to a connection. It carries
 * gsi1Keys.activeLicenseOfVariant only while `state` is ACTIVE (sparse index), so ending a
 * license REMOVEs gsi1pk/gsi1sk. A stored ACTIVE license whose `expiresAt` has passed is
 * not active.
 */
export interface LicenseItem {
  type: 'license';
  licenseId: string;
  appId: string;
  globalId: string;
  connectionId: string;
  variantId: string;
  variantName: string;
  /** Random, XXXX-XXXX-XXXX-XXXX from an unambiguous alphabet. */
  code: string;
  /** The normalized status label that granted (or last refreshed) it. */
  status: string;
  state: LicenseState;
  duration: LicenseDuration;
  expiresAt: string | null;
  /** 'statusSync': a synced status of its connection; 'redeemed': a license code the user redeemed. */
  source: 'statusSync' | 'redeemed';
  /** A redeemed license: the normalized code, the sort key of its keys.licenseCode item. */
  normalizedCode?: string;
  createdAt: string;
  refreshedAt: string | null;
  endedAt: string | null;
  endReason: 'superseded' | 'revoked' | 'lapsed' | 'connectionDeleted' | null;
  gsi1pk?: string;
  gsi1sk?: string;
}

export type StatusHistoryAction = 'granted' | 'refreshed' | 'superseded' | 'revoked';

/**
 * keys.statusHistory(appId, globalId, at, entryId): one entry per license a status change
 * touched, written in the change's transaction. `entryId` = zero-padded statusVersion + '.'
 * + index, so entries sort in commit order (newest first with ScanIndexForward false).
 */
export interface StatusHistoryItem {
  type: 'statusHistory';
  entryId: string;
  at: string;
  action: StatusHistoryAction;
  /** The status of the license this entry is about. */
  status: string;
  licenseId: string;
  variantId: string;
  /** The connection's current status before and after the change (null: none). */
  before: string | null;
  after: string | null;
  statusVersion: number;
  /** The app backend (status sync), or the developer who deleted the connection. */
  by: { clientId: string; secretId: string } | { userId: number };
}

/**
 * keys.licenseCode(appId, normalizedCode): one code of the app's inventory, generated or
 * imported. Stored `state` moves UNUSED -> ACTIVE (redeemed) -> EXPIRED (its license ended);
 * one whose `expiresAt` has passed reads EXPIRED whatever is stored (lib/licenses/codes.ts).
 */
export interface LicenseCodeItem {
  type: 'licenseCode';
  appId: string;
  /** The licenseId the redeemed license gets. */
  licenseId: string;
  /** As issued or imported (upper-cased); matched through `normalizedCode`. */
  code: string;
  /** Upper-case letters and digits only: the key's code. */
  normalizedCode: string;
  variantId: string;
  origin: 'generated' | 'imported';
  state: LicenseState;
  /** UNUSED: the code cannot be redeemed after it. ACTIVE: when the redeemed license ends. */
  expiresAt: string | null;
  createdAt: string;
  owner: { globalId: string; connectionId: string } | null;
  redeemedAt: string | null;
  endedAt: string | null;
}

/** keys.connectionIdPointer(appId, connectionId): finds a connection by its id. */
export interface ConnectionIdPointerItem {
  type: 'connectionIdPointer';
  globalId: string;
}

/** keys.variant(appId, variantId): a plan of one application. */
export interface VariantItem {
  type: 'variant';
  appId: string;
  variantId: string;
  /** As entered (trimmed); unique per app case-insensitively through keys.variantNameClaim. */
  name: string;
  description: string | null;
  defaultDuration: LicenseDuration;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter of developer edits; absent means 0. */
  version?: number;
}

/**
 * keys.variantNameClaim(appId, name): the name's owner. Carries a copy of the
 * variant's name and default duration (kept in step in every variant write) so
 * status sync resolves a variant by name with one GetItem.
 */
export interface VariantNameClaimItem {
  type: 'variantNameClaim';
  appId: string;
  variantId: string;
  name: string;
  defaultDuration: LicenseDuration;
}
