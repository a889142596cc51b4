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

/** keys.application(appId) */
export interface ApplicationItem {
  type: 'application';
  appId: string;
  name: string;
  hostnames: string[];
  /** Verification state of each hostname (API.md §7.4); absent on items older than verification (all verified). */
  hostnameStatus?: HostnameEntry[];
  ownerUserId: number;
  createdAt: string;
  /** Connections ever created for this app (the `total` of the user lists). */
  connectionCount: number;
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
  /** 'statusSync': a synced status of its connection. */
  source: 'statusSync';
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
  by: { clientId: string; secretId: string };
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
