/**
 * Key builders for every entity of the single table, in one place
 * (docs/table-design.md). Nothing else in the code base writes a `pk`/`sk` string.
 */
export interface TableKey {
  pk: string;
  sk: string;
}

/** A partition plus a sort-key prefix, for `begins_with` queries. */
export interface KeyPrefix {
  pk: string;
  skPrefix: string;
}

/** A partition plus an inclusive sort-key range, for `BETWEEN` queries. */
export interface KeyRange {
  pk: string;
  skFrom: string;
  skTo: string;
}

const userPk = (userId: number) => `USER#${userId}`;
const appPk = (appId: string) => `APP#${appId}`;
const connectionPk = (appId: string, globalId: string) => `CONN#${appId}#${globalId}`;
const licenseCodesPk = (appId: string, shard: number) => `CODES#${appId}#${shard}`;

/**
 * An app's codes are spread over this many partitions, by a hash of the code, so that
 * generating 10000 at once is not 10000 writes to one partition key (about 1000 WCU/s each).
 */
export const licenseCodeShards = 8;

/** The shard a normalized code lives in (FNV-1a of its characters): computable from the code alone. */
export function licenseCodeShard(normalizedCode: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < normalizedCode.length; index += 1) {
    hash ^= normalizedCode.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % licenseCodeShards;
}

export const keys = {
  // users and their unique claims
  user: (userId: number): TableKey => ({ pk: userPk(userId), sk: 'PROFILE' }),
  usernameClaim: (username: string): TableKey => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' }),
  globalIdClaim: (globalId: string): TableKey => ({ pk: `GLOBALID#${globalId}`, sk: 'GLOBALID' }),
  entityCodeClaim: (code: string): TableKey => ({ pk: `ENTITYCODE#${code}`, sk: 'ENTITYCODE' }),
  facebookIdentity: (facebookId: string): TableKey => ({ pk: `FACEBOOK#${facebookId}`, sk: 'FACEBOOK' }),

  // failure counters (lib/throttle): per (username, source IP), per source IP, per (appId, source IP), per (userId, source IP)
  loginFailures: (username: string, sourceIp: string): TableKey => ({ pk: `THROTTLE#LOGIN#${username.toLowerCase()}#${sourceIp}`, sk: 'THROTTLE' }),
  /** Failed license-code redemptions of one member (userId) from one source IP. */
  redeemFailures: (userId: number, sourceIp: string): TableKey => ({ pk: `THROTTLE#REDEEM#${userId}#${sourceIp}`, sk: 'THROTTLE' }),
  loginFailuresOfIp: (sourceIp: string): TableKey => ({ pk: `THROTTLE#LOGINIP#${sourceIp}`, sk: 'THROTTLE' }),
  appAuthFailures: (appId: string, sourceIp: string): TableKey => ({ pk: `THROTTLE#APPAUTH#${appId}#${sourceIp}`, sk: 'THROTTLE' }),

  // sessions live in the user's partition, keyed by the hash of the session key
  session: (userId: number, keyHash: string): TableKey => ({ pk: userPk(userId), sk: `SESSION#${keyHash}` }),
  sessionsOfUser: (userId: number): KeyPrefix => ({ pk: userPk(userId), skPrefix: 'SESSION#' }),
  /**
   * The one live session of a (user, scope): names its key hash. Every login replaces it
   * conditionally on the hash it read, so parallel logins of one scope serialize and
   * each ends the one before ('SESSIONSCOPE#' sorts just after every 'SESSION#').
   */
  sessionScope: (userId: number, scope: string): TableKey => ({ pk: userPk(userId), sk: `SESSIONSCOPE#${scope}` }),
  /** The profile, every session and every scope pointer of a user in one Query ('PROFILE' sorts just before 'SESSION#'). */
  profileAndSessionsOfUser: (userId: number): KeyRange => ({ pk: userPk(userId), skFrom: 'PROFILE', skTo: 'SESSIONSCOPE#\uffff' }),

  // applications: owner pointer in the user's partition, the rest in the app's partition
  ownedApplication: (userId: number, appId: string): TableKey => ({ pk: userPk(userId), sk: `APP#${appId}` }),
  applicationsOfOwner: (userId: number): KeyPrefix => ({ pk: userPk(userId), skPrefix: 'APP#' }),
  /** Outside the 'APP#' prefix and the PROFILE..SESSION# range, so no owner or profile query reads it. */
  applicationCountOfOwner: (userId: number): TableKey => ({ pk: userPk(userId), sk: 'APPCOUNT' }),
  application: (appId: string): TableKey => ({ pk: appPk(appId), sk: 'META' }),
  /** Exists only for a verified hostname (docs/security.md, Hostname ownership). */
  hostnameClaim: (hostname: string): TableKey => ({ pk: `HOST#${hostname.toLowerCase()}`, sk: 'HOST' }),
  clientSecret: (appId: string, secretId: string): TableKey => ({ pk: appPk(appId), sk: `SECRET#${secretId}` }),
  clientSecretsOfApp: (appId: string): KeyPrefix => ({ pk: appPk(appId), skPrefix: 'SECRET#' }),
  /** The application item and its client secrets in one Query: `META` sorts just before `SECRET#`. */
  applicationWithSecrets: (appId: string): KeyRange => ({ pk: appPk(appId), skFrom: 'META', skTo: 'SECRET#\uffff' }),
  variant: (appId: string, variantId: string): TableKey => ({ pk: appPk(appId), sk: `VARIANT#${variantId}` }),
  variantsOfApp: (appId: string): KeyPrefix => ({ pk: appPk(appId), skPrefix: 'VARIANT#' }),
  variantNameClaim: (appId: string, name: string): TableKey => ({ pk: appPk(appId), sk: `VARIANTNAME#${name.toLowerCase()}` }),
  connection: (appId: string, globalId: string): TableKey => ({ pk: appPk(appId), sk: `CONN#${globalId}` }),
  connectionsOfApp: (appId: string): KeyPrefix => ({ pk: appPk(appId), skPrefix: 'CONN#' }),
  connectionIdPointer: (appId: string, connectionId: string): TableKey => ({ pk: appPk(appId), sk: `CONNID#${connectionId}` }),
  /**
   * One shard of the app's connection counter. Shards are separate partitions, so new
   * connections of one app spread their writes (docs/table-design.md, "No hot item").
   */
  connectionCounterShard: (appId: string, shard: number): TableKey => ({ pk: `CONNCOUNT#${appId}#${shard}`, sk: 'COUNT' }),

  // idempotency records (docs/architecture.md, Idempotency keys): one per (caller, method, route, key)
  idempotencyRecord: (scopeHash: string): TableKey => ({ pk: `IDEMPOTENCY#${scopeHash}`, sk: 'IDEMPOTENCY' }),

  // license codes (the inventory): an app's codes in licenseCodeShards partitions, keyed by the normalized code
  licenseCode: (appId: string, normalizedCode: string): TableKey => ({
    pk: licenseCodesPk(appId, licenseCodeShard(normalizedCode)),
    sk: `CODE#${normalizedCode}`,
  }),
  licenseCodesOfShard: (appId: string, shard: number): KeyPrefix => ({ pk: licenseCodesPk(appId, shard), skPrefix: 'CODE#' }),

  // licenses and status history live in the connection's own partition
  license: (appId: string, globalId: string, licenseId: string): TableKey => ({
    pk: connectionPk(appId, globalId),
    sk: `LICENSE#${licenseId}`,
  }),
  licensesOfConnection: (appId: string, globalId: string): KeyPrefix => ({ pk: connectionPk(appId, globalId), skPrefix: 'LICENSE#' }),
  statusHistory: (appId: string, globalId: string, at: string, entryId: string): TableKey => ({
    pk: connectionPk(appId, globalId),
    sk: `HISTORY#${at}#${entryId}`,
  }),
  statusHistoryOfConnection: (appId: string, globalId: string): KeyPrefix => ({
    pk: connectionPk(appId, globalId),
    skPrefix: 'HISTORY#',
  }),
} as const;

/** gsi1 (sparse): an ACTIVE license under its variant, to refuse deleting a variant in use. */
export const gsi1Keys = {
  activeLicenseOfVariant: (variantId: string, licenseId: string) => ({ gsi1pk: `VARIANT#${variantId}`, gsi1sk: `LICENSE#${licenseId}` }),
  activeLicensesOfVariant: (variantId: string) => ({ gsi1pk: `VARIANT#${variantId}` }),
} as const;
