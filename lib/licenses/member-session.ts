import { normalizeHostname } from '../applications/hostnames.js';
import { hostnameOf } from '../auth/login-scope.js';
import type { ItemsByKey } from '../db/operations.js';
import type { TableKey } from '../db/table-key.js';
import { claimedAppId, hostnameClaimKey } from '../entities/hostname-claim.js';
import { sessionIn, sessionItemKey } from '../entities/session.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { sessionHeaderCredentials } from '../sessions/session-headers.js';
import { hashSessionKey, isWellFormedSessionKey } from '../sessions/session-key.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { now } from '../clock.js';

export interface MemberIdentity {
  userId: number;
  globalId: string;
  appId: string;
}

/**
 * The app's hostname, decided as login decides it (lib/auth/login-scope.ts `hostnameOf`,
 * then the stored IDNA form of lib/applications/hostnames.ts), so `Bücher.example` names
 * the same app here as at login; '' when it names none (two different headers included).
 */
function normalizedHostnameOf(request: HttpRequest): string {
  try {
    return normalizeHostname(hostnameOf(request) ?? '');
  } catch {
    return '';
  }
}

/** What a member request's headers name, checked for form only (no session read yet). */
export interface MemberCredentials {
  hostname: string;
  userId: number;
  keyHash: string;
  username?: string;
}

const unauthorized = () => new SignetError('unauthorized', 'A valid member session of this application is required');

/**
 * The X-Spaaza-Session-User-Id (or -Username) + X-Spaaza-Session-Key headers
 * (lib/sessions/session-headers.ts) and the app's hostname header, well formed; a
 * username costs one GetItem of its claim. Nothing is authenticated yet: memberIn does that.
 */
export async function memberCredentialsOf(request: HttpRequest): Promise<MemberCredentials> {
  const hostname = normalizedHostnameOf(request);
  if (!hostname) throw unauthorized();
  const credentials = await sessionHeaderCredentials(request.headers);
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw unauthorized();
  const keyHash = hashSessionKey(credentials.sessionKey);
  return { hostname, userId: credentials.userId, keyHash, ...(credentials.username !== undefined ? { username: credentials.username } : {}) };
}

/** The session and the hostname claim: read with whatever else the request needs, in one BatchGetItem. */
export const memberKeys = (credentials: MemberCredentials): TableKey[] => [sessionItemKey(credentials.userId, credentials.keyHash), hostnameClaimKey(credentials.hostname)];

/**
 * The member those reads prove: a live session bound to the app the hostname names
 * (and to the username, when one was sent). Every failure is the same 401.
 */
export function memberIn(found: ItemsByKey, credentials: MemberCredentials): MemberIdentity {
  const session = sessionIn(found, credentials.userId, credentials.keyHash);
  if (!isLiveSession(session, now()) || session.scope === adminScope || session.scope !== claimedAppId(found, hostnameClaimKey(credentials.hostname)) || !session.globalId) {
    throw unauthorized();
  }
  if (credentials.username !== undefined && session.username?.toLowerCase() !== credentials.username.toLowerCase()) throw unauthorized();
  return { userId: session.userId, globalId: session.globalId, appId: session.scope };
}
