import { runOptimistic } from '../db/optimistic.js';
import { claimPut, entityCodeClaimKey, facebookIdentityKey, globalIdClaimKey, usernameClaimKey } from '../entities/user-claims.js';
import { userPut, type UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import { randomEntityCode, randomGlobalId, randomUserId } from './identifiers.js';
import { now } from '../clock.js';

export type NewUser = Omit<UserItem, 'type' | 'userId' | 'globalId' | 'entityCode' | 'createdAt'>;

/** Raised when a concurrent request created the user of this Facebook id first. */
export class FacebookIdentityTaken extends Error {
  override readonly name = 'FacebookIdentityTaken';
}

type ClaimName = 'user' | 'globalId' | 'entityCode' | 'username' | 'facebook';

/**
 * Creates a user and its uniqueness claims in one TransactWriteItems: the
 * profile under a random userId, the globalId, entity code, username
 * (case-insensitive) and Facebook id claims, each `attribute_not_exists`.
 * A taken username is `usernameTaken`, or with `dropTakenUsername` the user is
 * created without one; a taken Facebook id throws FacebookIdentityTaken; a
 * collision of the random identifiers retries with new ones.
 */
export function createUser(profile: NewUser, options: { dropTakenUsername?: boolean } = {}): Promise<UserItem> {
  let username = profile.username;
  return runOptimistic({
    read: async () => undefined,
    plan: () => {
    const user: UserItem = {
      type: 'user',
      ...profile,
      username,
      userId: randomUserId(),
      globalId: randomGlobalId(),
      entityCode: { type: 'regular', code: randomEntityCode() },
      createdAt: now().toISOString(),
    };
    const names: ClaimName[] = ['user', 'globalId', 'entityCode'];
    const items = [
      userPut(user),
      claimPut(globalIdClaimKey(user.globalId), 'globalIdClaim', user),
      claimPut(entityCodeClaimKey(user.entityCode.code), 'entityCodeClaim', user),
    ];
    if (username !== null) {
      names.push('username');
      items.push(claimPut(usernameClaimKey(username), 'usernameClaim', user));
    }
    if (user.facebookId !== null) {
      names.push('facebook');
      items.push(claimPut(facebookIdentityKey(user.facebookId), 'facebookIdentity', user));
    }
    return {
      items,
      result: user,
      onConditionFailed: (reasons) => {
        const failedNames = new Set(names.filter((_name, index) => reasons[index]?.Code === 'ConditionalCheckFailed'));
        if (failedNames.has('facebook')) throw new FacebookIdentityTaken();
        if (failedNames.has('username')) {
          if (!options.dropTakenUsername) throw new SignetError('usernameTaken');
          username = null;
        }
        return 'retry'; // otherwise a random identifier collided: go round with new ones
      },
    };
    },
  });
}
