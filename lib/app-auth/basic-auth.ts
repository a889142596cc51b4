import { isIP } from 'node:net';
import { hashClientSecret, loadActiveClientSecrets, matchSecretHash } from '../applications/client-secrets.js';
import { isAppId } from '../applications/ids.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { cachedSecretId, rememberVerifiedCredential } from './credential-cache.js';
import { countAppAuthFailure } from '../throttle/policies.js';
import { parseBasicAuthorization } from './parse-basic.js';

/** An authenticated app backend: its client id (= appId) and the secret that matched. */
export interface AppCaller {
  clientId: string;
  secretId: string;
  /** True when the secret was read and compared for this request (not served from the cache). */
  verifiedNow: boolean;
}

/** RFC 7235/6749: a 401 for Basic auth names the scheme. */
const challenge = { 'WWW-Authenticate': 'Basic realm="signet", charset="UTF-8"' };

/**
 * The 401 of a credential whose application is gone (issue 21). A cached credential
 * (credential-cache.ts) is not read again within its TTL, so the use cases of the app
 * routes read the application item in a read they already make (a BatchGetItem beside
 * the connection) and condition their writes on it: a deleted app's secret fails at once.
 */
export const applicationGone = (): SignetError => new SignetError('invalidClient', undefined, { headers: challenge });

/**
 * HTTP Basic authentication of the app backend routes (docs/api.md, App backend), in the contract's order:
 * 1. no header, not Basic, or not `id:secret`: 401 unauthorized;
 * 2. client_id other than the path's appId: 403 forbidden;
 * 3. unknown application or no matching active secret: 401 invalid_client (one body for both).
 * A credential verified within CREDENTIAL_CACHE_TTL_SECONDS is served from this container's
 * cache without a read. The secret is always verified first: valid credentials are served
 * whatever failures anybody caused. A failure is counted per (appId, source IP); past
 * APP_AUTH_FAILURE_LIMIT that pair's failures get 429 rate_limited (docs/security.md).
 * Secrets are compared as HMAC hashes in constant time.
 */
export async function authenticateApp(request: HttpRequest, pathAppId: string): Promise<AppCaller> {
  const credentials = parseBasicAuthorization(request.headers.authorization);
  if (!credentials) {
    throw new SignetError('unauthorized', 'HTTP Basic authentication with your client id and secret is required', { headers: challenge });
  }
  if (credentials.clientId !== pathAppId) {
    throw new SignetError('forbidden', 'client_id does not match the application in the path');
  }

  const presentedHash = await hashClientSecret(credentials.secret);
  const cached = cachedSecretId(pathAppId, presentedHash);
  if (cached) return { clientId: pathAppId, secretId: cached, verifiedNow: false };

  const secretId = await verifySecret(pathAppId, presentedHash);
  if (!secretId) {
    // A client id that cannot be an appId we issued cost no read and names nothing to protect.
    if (isAppId(pathAppId)) await countAppAuthFailure(pathAppId, request.sourceIp);
    throw new SignetError('invalidClient', undefined, { headers: challenge });
  }
  return { clientId: pathAppId, secretId, verifiedNow: true };
}

/** The secretId of the active secret with this hash (constant-time comparison), remembered on success. */
async function verifySecret(appId: string, presentedHash: string): Promise<string | undefined> {
  // A client id that cannot be an appId we issued needs no read: it is simply unknown.
  const secrets = isAppId(appId) ? await loadActiveClientSecrets(appId) : [];
  const match = matchSecretHash(secrets, presentedHash);
  if (match) rememberVerifiedCredential(appId, presentedHash, match.secretId);
  return match?.secretId;
}

export const proxiedClientIpHeader = 'x-signet-client-ip';

/**
 * Backends that proxy sign-in (issue 21): a login, add-user, request-password-reset or get-login-status request that carries an
 * application's valid Basic credentials may name its end user's address in
 * X-Signet-Client-IP; the per-IP counters then use it instead of the backend's own.
 * Without valid credentials (or with a value that is not an IP) the header is ignored.
 */
export async function proxiedClientAddress(headers: Record<string, string>): Promise<string | undefined> {
  const named = headers[proxiedClientIpHeader]?.trim();
  if (!named || !isIP(named)) return undefined;
  const credentials = parseBasicAuthorization(headers.authorization);
  if (!credentials || !isAppId(credentials.clientId)) return undefined;
  const presentedHash = await hashClientSecret(credentials.secret);
  const valid = cachedSecretId(credentials.clientId, presentedHash) ?? (await verifySecret(credentials.clientId, presentedHash));
  return valid ? named : undefined;
}
