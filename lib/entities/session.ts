import { tableName } from '../db/table-name.js';
import { get, remove, type ItemsByKey, type TransactItem } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';
import type { KeyPrefix, KeyRange, TableKey } from '../db/table-key.js';
import { userPk } from './partitions.js';
import type { UserItem } from './user.js';
import { putNew } from './writes.js';

/** Sessions live in the user's partition, keyed by the hash of the session key (the key itself is never stored). */
export interface SessionItem {
  type: 'session';
  userId: number;
  /** Copied from the user so admin authentication and logout need one read. */
  globalId: string;
  username: string | null;
  /** 'ADMIN' for admin sessions, else the appId of a member session. */
  scope: string;
  authMethod: 'password' | 'facebook';
  createdAt: string;
  expiresAt: string;
  ttl: number;
  /** A Facebook session keeps the token get-login-status returns; expiry null when the client did not send it. */
  facebook?: { facebookId: string; accessToken: string; accessTokenExpiresAt: string | null };
}

/**
 * The one live session of a (user, scope): names its key hash. Every login replaces it
 * conditionally on the hash it read, so parallel logins of one scope serialize and
 * each ends the one before ('SESSIONSCOPE#' sorts just after every 'SESSION#').
 */
export interface SessionScopeItem {
  type: 'sessionScope';
  scope: string;
  keyHash: string;
}

export const sessionItemKey = (userId: number, keyHash: string): TableKey => ({ pk: userPk(userId), sk: `SESSION#${keyHash}` });
export const sessionsOfUser = (userId: number): KeyPrefix => ({ pk: userPk(userId), skPrefix: 'SESSION#' });
export const sessionScopeKey = (userId: number, scope: string): TableKey => ({ pk: userPk(userId), sk: `SESSIONSCOPE#${scope}` });
/** The profile, every session and every scope pointer of a user in one Query ('PROFILE' sorts just before 'SESSION#'). */
export const profileAndSessionsOfUser = (userId: number): KeyRange => ({ pk: userPk(userId), skFrom: 'PROFILE', skTo: 'SESSIONSCOPE#\uffff' });

/** The session in a BatchGetItem's answer. */
export function sessionIn(found: ItemsByKey, userId: number, keyHash: string): SessionItem | undefined {
  return found(sessionItemKey(userId, keyHash)) as SessionItem | undefined;
}

export function getSession(userId: number, keyHash: string): Promise<SessionItem | undefined> {
  return get<SessionItem>(sessionItemKey(userId, keyHash));
}

/** Deletes a session, answering the item it deleted (logout: one DeleteItem). */
export async function removeSession(userId: number, keyHash: string): Promise<SessionItem | undefined> {
  const { Attributes } = await remove({ Key: sessionItemKey(userId, keyHash), ReturnValues: 'ALL_OLD' });
  return Attributes as SessionItem | undefined;
}

export interface UserWithSessions {
  user: UserItem;
  /** Every stored session of the user, live or expired-not-yet-deleted, with its key. */
  sessions: Array<SessionItem & TableKey>;
  /** The pointer of each scope to its one live session. */
  scopes: SessionScopeItem[];
}

/** The profile, all sessions and scope pointers of a user in one strongly consistent Query (login needs them). */
export async function readUserWithSessions(userId: number): Promise<UserWithSessions | undefined> {
  const items = await queryAll<UserItem | (SessionItem & TableKey) | SessionScopeItem>(queryOf(profileAndSessionsOfUser(userId), { consistent: true }));
  const user = items.find((item): item is UserItem => item.type === 'user');
  const sessions = items.filter((item): item is SessionItem & TableKey => item.type === 'session');
  const scopes = items.filter((item): item is SessionScopeItem => item.type === 'sessionScope');
  return user ? { user, sessions, scopes } : undefined;
}

/** Keys of the user's sessions of one scope (a member's sessions of one app). */
export function sessionKeysOfScope(userId: number, scope: string): Promise<TableKey[]> {
  return queryAll<TableKey>(
    queryOf(sessionsOfUser(userId), { filter: '#scope = :scope', names: { '#scope': 'scope' }, values: { ':scope': scope }, projection: 'pk, sk', consistent: true }),
  );
}

export function sessionPut(keyHash: string, session: SessionItem): TransactItem {
  return putNew({ ...sessionItemKey(session.userId, keyHash), ...session });
}

/** The scope's pointer to its new session, on condition that it still names the one read (`seen`; undefined: none). */
export function sessionScopePut(userId: number, pointer: SessionScopeItem, seen: string | undefined): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...sessionScopeKey(userId, pointer.scope), ...pointer },
      ConditionExpression: seen !== undefined ? 'keyHash = :seen' : 'attribute_not_exists(pk)',
      ...(seen !== undefined ? { ExpressionAttributeValues: { ':seen': seen } } : {}),
    },
  };
}
