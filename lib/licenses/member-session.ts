import { normalizeHostname } from '../applications/hostnames.js';
import { hostnameOf } from '../auth/login-scope.js';
import { batchGet } from '../db/operations.js';
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

/**
 * Authenticates a member of an app by the X-Spaaza-Session-User-Id (or -Username) +
 * X-Spaaza-Session-Key headers (lib/sessions/session-headers.ts) and the app's hostname
 * header: one BatchGetItem of the session and the hostname claim; a username costs one
 * GetItem of its claim first. The session must be live and bound to the app the
 * hostname names. Every failure is the same 401.
 */
export async function authenticateMember(request: HttpRequest): Promise<MemberIdentity> {
  const unauthorized = () => new SignetError('unauthorized', 'A valid member session of this application is required');
  const hostname = normalizedHostnameOf(request);
  if (!hostname) throw unauthorized();
  const credentials = await sessionHeaderCredentials(request.headers);
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw unauthorized();
  const keyHash = hashSessionKey(credentials.sessionKey);
  const hostKey = hostnameClaimKey(hostname);
  const found = await batchGet([sessionItemKey(credentials.userId, keyHash), hostKey]);
  const session = sessionIn(found, credentials.userId, keyHash);
  if (!isLiveSession(session, now()) || session.scope === adminScope || session.scope !== claimedAppId(found, hostKey) || !session.globalId) {
    throw unauthorized();
  }
  if (credentials.username !== undefined && session.username?.toLowerCase() !== credentials.username.toLowerCase()) throw unauthorized();
  return { userId: session.userId, globalId: session.globalId, appId: session.scope };
}
