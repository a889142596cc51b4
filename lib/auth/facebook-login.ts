import * as z from 'zod/mini';
import { batchGet } from '../db/operations.js';
import { readUserWithSessions, type UserWithSessions } from '../entities/session.js';
import { claimedUserId, facebookIdentityKey, userIdOfFacebookId } from '../entities/user-claims.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { openSession } from '../sessions/open-session.js';
import { createUser, FacebookIdentityTaken } from '../users/create-user.js';
import { fetchFacebookProfile, type FacebookProfile } from './facebook-graph.js';
import { hostnameClaimKey, loginScope } from './login-scope.js';
import type { LoginOutcome } from './password-login.js';
import { nowMs } from '../clock.js';
import { assertMayOpenSession } from './developer-access.js';

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
 * existing password account), and a `facebook` session is opened.
 */
export async function loginWithFacebook(login: FacebookLogin): Promise<LoginOutcome> {
  const profile = await fetchFacebookProfile(login.accessToken);
  const items = await batchGet([facebookIdentityKey(profile.id), hostnameClaimKey(login.hostname)]);
  const scope = loginScope(login.hostname, items);
  const identity = claimedUserId(items, facebookIdentityKey(profile.id));
  const account = identity !== undefined ? await readUserWithSessions(identity) : await createFacebookUser(profile);
  if (!account) throw new SignetError('internal', 'Facebook identity points at no user');

  assertMayOpenSession(account.user, scope);
  const now = nowMs();
  const opened = await openSession({
    account,
    scope,
    authMethod: 'facebook',
    facebook: {
      facebookId: profile.id,
      accessToken: login.accessToken,
      accessTokenExpiresAt:
        login.accessTokenExpiresIn === undefined ? null : new Date(now + login.accessTokenExpiresIn * 1000).toISOString(),
    },
  });
  countMetric('Logins');
  return { ...opened, user: account.user };
}

async function createFacebookUser(profile: FacebookProfile): Promise<UserWithSessions | undefined> {
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
    return { user, sessions: [], scopes: [] };
  } catch (error) {
    if (!(error instanceof FacebookIdentityTaken)) throw error;
    // A concurrent first login created this user: use it.
    const userId = await userIdOfFacebookId(profile.id);
    return userId !== undefined ? readUserWithSessions(userId) : undefined;
  }
}
