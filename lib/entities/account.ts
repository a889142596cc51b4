import { tableName } from '../db/table-name.js';
import type { TableKey } from '../db/table-key.js';
import { queryFindsAny, queryOf } from '../db/query.js';
import { applicationCountKey, applicationsOfOwner } from './owned-application.js';
import { sessionScopeKey, type SessionItem, type SessionScopeItem } from './session.js';
import { userKey, type UserItem } from './user.js';
import type { TransactItem } from '../db/operations.js';

/**
 * Writes of the account lifecycle (docs/api.md, account lifecycle) on the user's own items: the profile,
 * the password hash, the sessions, the uniqueness claims. Every profile write requires
 * a live (not erased) user.
 */
const liveUser = 'attribute_exists(pk) AND attribute_not_exists(deletedAt)';

/** The profile fields alter-user may change (the names of UserItem). */
export type ProfileChange = Partial<Pick<UserItem, 'firstName' | 'lastName' | 'gender' | 'birthday' | 'mailingListSubscribed' | 'printedMailingListSubscribed'>>;

export function setPasswordHash(userId: number, passwordHash: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: userKey(userId),
      UpdateExpression: 'SET passwordHash = :hash',
      ConditionExpression: liveUser,
      ExpressionAttributeValues: { ':hash': passwordHash },
    },
  };
}

export function changeProfile(userId: number, change: ProfileChange): TransactItem | undefined {
  const fields = Object.entries(change).filter(([, value]) => value !== undefined);
  if (fields.length === 0) return undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: userKey(userId),
      UpdateExpression: `SET ${fields.map((_field, index) => `#f${index} = :v${index}`).join(', ')}`,
      ConditionExpression: liveUser,
      ExpressionAttributeNames: Object.fromEntries(fields.map(([name], index) => [`#f${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(fields.map(([, value], index) => [`:v${index}`, value])),
    },
  };
}

/**
 * Ends sessions: deletes them and their scopes' pointers. A pointer is deleted only while
 * it names what was read, so a login of that scope committing meanwhile fails this
 * transaction (the caller reads again) instead of surviving it.
 */
export function endSessions(userId: number, sessions: Array<SessionItem & TableKey>, scopes: SessionScopeItem[], keep?: string): TransactItem[] {
  const table = tableName();
  const ended = sessions.filter((session) => session.sk !== keep);
  const kept = sessions.find((session) => session.sk === keep);
  return [
    ...ended.map((session): TransactItem => ({ Delete: { TableName: table, Key: { pk: session.pk, sk: session.sk } } })),
    ...scopes
      .filter((scope) => scope.scope !== kept?.scope)
      .map(
        (scope): TransactItem => ({
          Delete: {
            TableName: table,
            Key: sessionScopeKey(userId, scope.scope),
            ConditionExpression: 'keyHash = :seen',
            ExpressionAttributeValues: { ':seen': scope.keyHash },
          },
        }),
      ),
  ];
}

/**
 * Erasure (GDPR Art. 17): every personal field of the profile is cleared and the item
 * marked `deletedAt`; what stays is pseudonymous (userId, globalId, entity code, createdAt).
 */
export function eraseUser(userId: number, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: userKey(userId),
      UpdateExpression:
        'SET username = :null, passwordHash = :null, firstName = :null, lastName = :null, gender = :null, birthday = :null, facebookId = :null, ' +
        'mailingListSubscribed = :false, printedMailingListSubscribed = :false, mailingListSubOffered = :false, deletedAt = :at',
      ConditionExpression: liveUser,
      ExpressionAttributeValues: { ':null': null, ':false': false, ':at': at },
    },
  };
}

/** Frees a username or a Facebook id for somebody else: only the claim of this user. */
export function releaseClaim(key: TableKey, userId: number): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: key,
      ConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
    },
  };
}

/** Whether the user owns any application (one item read at most). */
export function ownsAnyApplication(userId: number): Promise<boolean> {
  return queryFindsAny(queryOf(applicationsOfOwner(userId)));
}

/** A developer's application count (create-application keeps it in its transaction) must be zero. */
export function ownsNoApplications(userId: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: applicationCountKey(userId),
      ConditionExpression: 'attribute_not_exists(applications) OR applications <= :zero',
      ExpressionAttributeValues: { ':zero': 0 },
    },
  };
}
