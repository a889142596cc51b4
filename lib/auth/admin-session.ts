import { getSession } from '../entities/session.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import type { VerifyingIdentity } from '../http/handler.js';
import { hashSessionKey, isWellFormedSessionKey } from '../sessions/session-key.js';
import { adminScope, isLiveSession } from '../sessions/validity.js';
import { sessionCredentialsOf } from './session-credentials.js';

export const memberSessionOnAdminRoute =
  'this route needs a developer (admin) session; you sent a member session. Sign in with POST /auth/login without a hostname header for one';

export interface AdminIdentity {
  userId: number;
  globalId: string;
}

/**
 * Authenticates a developer-portal request by its admin session (docs/api.md, Developer):
 * the X-Spaaza-Session-User-Id (or -Username) + X-Spaaza-Session-Key headers, or
 * the `signet_session` cookie. Throws `unauthorized`: one body for every cause but a live
 * member session, which is told to use an admin session.
 * One DynamoDB round trip (two by username): the session item carries the user's globalId.
 */
export async function authenticateAdmin(request: HttpRequest): Promise<AdminIdentity> {
  const credentials = await sessionCredentialsOf(request);
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw new SignetError('unauthorized');
  return adminOfSession(credentials.userId, credentials.sessionKey);
}

async function adminOfSession(userId: number, sessionKey: string): Promise<AdminIdentity> {
  const session = await getSession(userId, hashSessionKey(sessionKey));
  if (!isLiveSession(session)) throw new SignetError('unauthorized');
  // A live member session proves its holder; telling them which session to use costs nothing.
  if (session.scope !== adminScope) throw new SignetError('unauthorized', memberSessionOnAdminRoute);
  if (!session.globalId) throw new SignetError('unauthorized');
  return { userId: session.userId, globalId: session.globalId };
}

/**
 * For read routes: the user the credentials name, at once, with the session check still
 * running (`verified`), so the route reads its data alongside it. createHandler answers
 * nothing until the check succeeds (lib/http/handler.ts VerifyingIdentity): a failed check
 * is 401 whatever the data read found. Writes use authenticateAdmin (checked first).
 */
export async function authenticateAdminAlongside(request: HttpRequest): Promise<Pick<AdminIdentity, 'userId'> & VerifyingIdentity> {
  const credentials = await sessionCredentialsOf(request);
  if (!credentials || !isWellFormedSessionKey(credentials.sessionKey)) throw new SignetError('unauthorized');
  return { userId: credentials.userId, verified: adminOfSession(credentials.userId, credentials.sessionKey).then(() => undefined) };
}
