import { now as clockNow } from '../clock.js';
import { config } from '../config.js';
import { conditionFailed, removeAll, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import type { TableKey } from '../db/table-key.js';
import type { ConnectionItem } from '../entities/connection.js';
import { deleteItem } from '../entities/writes.js';
import {
  readUserWithSessions,
  sessionPut,
  sessionScopePut,
  type SessionItem,
  type SessionScopeItem,
  type UserWithSessions,
} from '../entities/session.js';
import { SignetError } from '../errors.js';
import { connectionLoginWrites, readConnectionForLogin } from './member-connection.js';
import { hashSessionKey, newSessionKey } from './session-key.js';
import { adminScope, isLiveSession } from './validity.js';

export interface OpenSessionInput {
  account: UserWithSessions;
  /** The member's connection, already being read by the caller (a member login): serves the first attempt. */
  connection?: Promise<ConnectionItem | undefined>;
  /** adminScope, or the appId of a member session. */
  scope: string;
  authMethod: SessionItem['authMethod'];
  facebook?: SessionItem['facebook'];
  /** Extra items for the same transaction (e.g. deleting the login throttle counter). */
  alsoWrite?: TransactItem[];
}

export interface OpenedSession {
  session: SessionItem;
  sessionKey: string;
}

/** Old sessions deleted inside the login transaction; any beyond (rare) are deleted right after. */
const maxDeletesInTransaction = 80;

/**
 * Creates a session and, in the same transaction, deletes the user's earlier sessions
 * of that scope (and any expired ones), replaces the scope's pointer
 * (keys.sessionScope) on condition that it still names what was read, and, for a
 * member session, creates or reactivates the connection. Parallel logins of one scope
 * therefore commit one after another through the optimistic runner, each ending the
 * one before: exactly one valid session is left.
 */
export async function openSession(input: OpenSessionInput): Promise<OpenedSession> {
  const { user } = input.account;
  const sessionKey = newSessionKey();
  const keyHash = hashSessionKey(sessionKey);
  let account: UserWithSessions | undefined = input.account;
  let prefetchedConnection = input.connection;
  let leftover: TableKey[] = [];
  const opened = await runOptimistic({
    read: async () => {
      // The caller's read serves the first attempt; a retry reads again.
      const current = account ?? (await readUserWithSessions(user.userId)) ?? input.account;
      account = undefined;
      const known = prefetchedConnection;
      prefetchedConnection = undefined;
      const connection = input.scope === adminScope ? undefined : await (known ?? readConnectionForLogin(input.scope, current.user));
      return { current, connection };
    },
    plan: ({ current, connection }) => {
      const now = clockNow();
      const expiresAt = new Date(now.getTime() + config().SESSION_TTL_HOURS * 3600_000);
      const session: SessionItem = {
        type: 'session',
        userId: user.userId,
        globalId: user.globalId,
        username: user.username,
        scope: input.scope,
        authMethod: input.authMethod,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        ttl: Math.floor(expiresAt.getTime() / 1000),
        ...(input.facebook ? { facebook: input.facebook } : {}),
      };
      const pointer = current.scopes.find((item) => item.scope === input.scope);
      const replaced: TableKey[] = current.sessions
        .filter((old) => old.scope === input.scope || !isLiveSession(old, now))
        .map((old) => ({ pk: old.pk, sk: old.sk }));
      leftover = replaced.slice(maxDeletesInTransaction);
      const scopeItem: SessionScopeItem = { type: 'sessionScope', scope: input.scope, keyHash };
      const member = input.scope !== adminScope;
      // A member login's first item checks that the application still exists (member-connection.ts).
      const items: TransactItem[] = [
        ...(member ? connectionLoginWrites(input.scope, current.user, connection, now) : []),
        sessionPut(keyHash, session),
        sessionScopePut(user.userId, scopeItem, pointer?.keyHash),
        ...replaced.slice(0, maxDeletesInTransaction).map(deleteItem),
        ...(input.alsoWrite ?? []),
      ];
      return {
        items,
        result: { session, sessionKey },
        onConditionFailed: (reasons) => {
          // The app was deleted since its hostname was read: the same answer as a login at an unknown hostname.
          if (member && conditionFailed(reasons, 0)) throw new SignetError('noMyPriceApp');
          return 'retry';
        },
      };
    },
  });
  await removeAll(leftover);
  return opened;
}
