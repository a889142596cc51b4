/**
 * The stored shape of every shared entity (docs/table-design.md). Items carry
 * their key attributes (`pk`, `sk`) from lib/db/keys.ts plus these fields.
 * Timestamps are ISO-8601 UTC strings with milliseconds; `ttl` is epoch seconds.
 */

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

/** keys.session(userId, sha256(sessionKey)); the key itself is never stored. */
export interface SessionItem {
  type: 'session';
  userId: number;
  /** 'ADMIN' for admin sessions, else the appId of a member session. */
  scope: string;
  authMethod: 'password' | 'facebook';
  createdAt: string;
  expiresAt: string;
  ttl: number;
  facebook?: { facebookId: string; accessToken: string; accessTokenExpiresAt: string };
}

/** keys.application(appId) */
export interface ApplicationItem {
  type: 'application';
  appId: string;
  name: string;
  hostnames: string[];
  ownerUserId: number;
  createdAt: string;
  /** Connections ever created for this app (the `total` of the user lists). */
  connectionCount: number;
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
}

export interface SyncedStatusSummary {
  status: string;
  licenseId: string;
  variantId: string;
  variantName: string;
  expiresAt: string | null;
}

/** keys.connectionIdPointer(appId, connectionId): finds a connection by its id. */
export interface ConnectionIdPointerItem {
  type: 'connectionIdPointer';
  globalId: string;
}
