import { applicationKey, applicationWithSecretsRange } from './application.js';
import { clientSecretKey, clientSecretsOfApp } from './client-secret.js';
import { connectionCounterShardKey } from './connection-counter.js';
import { connectionIdPointerKey, connectionKey, connectionsOfApp } from './connection.js';
import { appAuthFailuresKey, loginFailuresKey, loginFailuresOfIpKey, redeemFailuresKey } from './failure-counter.js';
import { hostnameClaimKey } from './hostname-claim.js';
import { idempotencyRecordKey } from './idempotency-record.js';
import { licenseCodeKey, licenseCodesOfShard } from './license-code.js';
import { activeLicenseOfVariantKey, licenseKey, licensesOfConnection } from './license.js';
import { applicationCountKey, applicationsOfOwner, ownedApplicationKey } from './owned-application.js';
import { profileAndSessionsOfUser, sessionItemKey, sessionScopeKey, sessionsOfUser } from './session.js';
import { statusHistoryKey, statusHistoryOfConnection } from './status-history.js';
import { entityCodeClaimKey, facebookIdentityKey, globalIdClaimKey, usernameClaimKey } from './user-claims.js';
import { userKey } from './user.js';
import { variantKey, variantNameClaimKey, variantsOfApp } from './variant.js';

/**
 * Every key of the table in one catalog, for the tools that look at the table from
 * outside the use cases (the admin CLI, the benchmarks, the tests). Each builder lives
 * with its entity (docs/table-design.md); the use cases import it from there.
 */
export const keys = {
  user: userKey,
  usernameClaim: usernameClaimKey,
  globalIdClaim: globalIdClaimKey,
  entityCodeClaim: entityCodeClaimKey,
  facebookIdentity: facebookIdentityKey,
  loginFailures: loginFailuresKey,
  redeemFailures: redeemFailuresKey,
  loginFailuresOfIp: loginFailuresOfIpKey,
  appAuthFailures: appAuthFailuresKey,
  session: sessionItemKey,
  sessionsOfUser,
  sessionScope: sessionScopeKey,
  profileAndSessionsOfUser,
  ownedApplication: ownedApplicationKey,
  applicationsOfOwner,
  applicationCountOfOwner: applicationCountKey,
  application: applicationKey,
  hostnameClaim: hostnameClaimKey,
  clientSecret: clientSecretKey,
  clientSecretsOfApp,
  applicationWithSecrets: applicationWithSecretsRange,
  variant: variantKey,
  variantsOfApp,
  variantNameClaim: variantNameClaimKey,
  connection: connectionKey,
  connectionsOfApp,
  connectionIdPointer: connectionIdPointerKey,
  connectionCounterShard: connectionCounterShardKey,
  idempotencyRecord: idempotencyRecordKey,
  licenseCode: licenseCodeKey,
  licenseCodesOfShard,
  license: licenseKey,
  licensesOfConnection,
  statusHistory: statusHistoryKey,
  statusHistoryOfConnection,
} as const;

/** gsi1 (sparse): ACTIVE licenses by variant. */
export const gsi1Keys = {
  activeLicenseOfVariant: activeLicenseOfVariantKey,
  activeLicensesOfVariant: (variantId: string) => ({ gsi1pk: activeLicenseOfVariantKey(variantId, '').gsi1pk }),
} as const;
