import * as z from 'zod/mini';
import { batchGet } from '../db/operations.js';
import { readUserWithSessions, type UserWithSessions } from '../entities/session.js';
import { claimedUser, facebookIdentityKey, userIdOfFacebookId } from '../entities/user-claims.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { openSession } from '../sessions/open-session.js';
import { prefetchConnection } from '../sessions/member-connection.js';
import { adminScope } from '../sessions/validity.js';
import { createUser, FacebookIdentityTaken } from '../users/create-user.js';
import { fetchFacebookProfile, type FacebookProfile } from './facebook-graph.js';
import { hostnameClaimKey, loginScope } from './login-scope.js';
import type { LoginOutcome } from './password-login.js';
import { nowMs } from '../clock.js';
import { assertMayOpenSession } from './developer-access.js';
import { healLegacyClaim } from './claim-healing.js';

export interface FacebookLogin {
  accessToken: string;
  /** Seconds the token stays valid, as the client reported it; undefined when not sent. */
  accessTokenExpiresIn: number | undefined;
  hostname: string | undefined;
}

const isEmail = (value: string) => z.safeParse(z.email(), value).success;

/**
 * POST /auth/login with auth_method=facebook: the token is checked with the
 * Graph API, the user is found by Facebook id or created (username = the
 * Facebook e-mail unless an account already uses it; never linked to an
 * existing password account), and a `facebook` session is opened. A member's connection
 * is read alongside the profile (by the globalId the identity claim carries); a user
 * created here has none, so nothing is read for it.
 */
export async function loginWithFacebook(login: FacebookLogin): Promise<LoginOutcome> {
  const profile = await fetchFacebookProfile(login.accessToken);
  const items = await batchGet([facebookIdentityKey(profile.id), hostnameClaimKey(login.hostname)]);
  const scope = loginScope(login.hostname, items);
  const identity = claimedUser(items, facebookIdentityKey(profile.id));
  const member = scope !== adminScope;
  const existing = identity ? readUserWithSessions(identity.userId) : undefined;
  const early = identity?.globalId && member ? prefetchConnection(scope, identity.globalId) : undefined;
  const { account, created } = existing ? { account: await existing, created: false } : await createFacebookUser(profile);
  if (!account) throw new SignetError('internal', 'Facebook identity points at no user');
  // A user created just now has a new globalId, so no connection (the create's condition would catch a wrong guess and read again).
  const known = early && identity?.globalId === account.user.globalId ? early : created ? Promise.resolve(undefined) : undefined;
  const connection = member ? known : undefined;

  assertMayOpenSession(account.user, scope);
  // An identity claim from before claims carried the globalId learns it beside the session (same wave), once.
  const healing = identity && !identity.globalId && !created ? healLegacyClaim(facebookIdentityKey(profile.id), account.user) : undefined;
  const now = nowMs();
  const opened = await openSession({
    account,
    connection,
    scope,
    authMethod: 'facebook',
    facebook: {
      facebookId: profile.id,
      accessToken: login.accessToken,
      accessTokenExpiresAt:
        login.accessTokenExpiresIn === undefined ? null : new Date(now + login.accessTokenExpiresIn * 1000).toISOString(),
    },
  });
  await healing;
  countMetric('Logins');
  return { ...opened, user: account.user };
}

async function createFacebookUser(profile: FacebookProfile): Promise<{ account: UserWithSessions | undefined; created: boolean }> {
  try {
    const user = await createUser(
      {
        username: profile.email && isEmail(profile.email) ? profile.email : null,
        passwordHash: null,
        firstName: profile.firstName,
        lastName: profile.lastName,
        gender: null,
        birthday: null,
        mailingListSubOffered: false,
        mailingListSubscribed: false,
        printedMailingListSubscribed: false,
        facebookId: profile.id,
      },
      { dropTakenUsername: true },
    );
    return { account: { user, sessions: [], scopes: [] }, created: true };
  } catch (error) {
    if (!(error instanceof FacebookIdentityTaken)) throw error;
    // A concurrent first login created this user: use it.
    const userId = await userIdOfFacebookId(profile.id);
    return { account: userId !== undefined ? await readUserWithSessions(userId) : undefined, created: false };
  }
}
