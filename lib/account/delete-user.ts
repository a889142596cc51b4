import { now as clockNow } from '../clock.js';
import { connectionEventPut } from '../entities/event.js';
import { deactivateConnection } from '../connections/deactivate.js';
import type { TableKey } from '../db/table-key.js';
import { removeAll, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { endSessions, eraseUser, ownsAnyApplication, ownsNoApplications, releaseClaim } from '../entities/account.js';
import { readConnection, type ConnectionItem } from '../entities/connection.js';
import { readUserWithSessions } from '../entities/session.js';
import { facebookIdentityKey, usernameClaimKey } from '../entities/user-claims.js';
import type { UserItem } from '../entities/user.js';
import { deleteResetPointer } from '../entities/password-reset.js';
import { eraseConnectionProfile, readConnectionsOfUser, type UserConnectionItem } from '../entities/user-connection.js';
import { SignetError } from '../errors.js';
import { fetchFacebookProfile } from '../auth/facebook-graph.js';
import type { SessionCredentials } from '../auth/session-credentials.js';
import { changeCapped } from './capped.js';
import { confirmingPassword } from './change-password.js';
import { sessionAccount } from './session-account.js';

export interface AccountDeletion {
  credentials: SessionCredentials | undefined;
  /** A password account confirms with its password... */
  password: string | undefined;
  /** ...a Facebook account (no password) with a fresh access token of the same Facebook user. */
  facebookAccessToken: string | undefined;
  sourceIp: string;
}

const ownsApplications = () => new SignetError('ownsApplications');

/** Every connection the user has, deactivated as the developer's DELETE does (`by: { userId }` of the user). */
async function deactivateAll(user: UserItem, pointers: UserConnectionItem[]): Promise<ConnectionItem[]> {
  const connections: ConnectionItem[] = [];
  for (const pointer of pointers) {
    try {
      await deactivateConnection(pointer.appId, pointer.connectionId, {}, user.userId);
    } catch (error) {
      // The application was deleted meanwhile: nothing of it to deactivate.
      if (error instanceof SignetError && error.kind === 'notFound') continue;
      throw error;
    }
    const connection = await readConnection(pointer.appId, user.globalId);
    if (connection) connections.push(connection);
  }
  return connections;
}

/**
 * DELETE /auth/delete-user (docs/api.md, account lifecycle). A developer who owns applications: 409
 * owns_applications. Otherwise, confirmed by the password (or Facebook), every connection
 * is deactivated (licenses end, `revoked` history by the user), then one transaction
 * erases the profile, frees the username and Facebook claims, ends every session, drops
 * any pending reset, erases each connection's copy of name and e-mail (on condition that
 * it is still inactive: a login in between makes it deactivate again) and checks the
 * application count is still zero. What stays is pseudonymous: userId, globalId, entity
 * code, connections' counts and history.
 */
export async function deleteUser(deletion: AccountDeletion): Promise<void> {
  const { account } = await sessionAccount(deletion.credentials);
  const { user } = account;
  if (await ownsAnyApplication(user.userId)) throw ownsApplications();
  const erase = async (giveBack: TransactItem[]) => {
    let leftover: TableKey[] = [];
    await runOptimistic({
      read: async () => {
        const current = await readUserWithSessions(user.userId);
        if (!current) throw new SignetError('noValidSession');
        const connections = await deactivateAll(current.user, await readConnectionsOfUser(user.userId));
        return { current, connections };
      },
      plan: ({ current, connections }) => {
        const me = current.user;
        const now = clockNow();
        const essential: TransactItem[] = [
          eraseUser(me.userId, now.toISOString()),
          ownsNoApplications(me.userId),
          deleteResetPointer(me.userId),
          ...(me.username ? [releaseClaim(usernameClaimKey(me.username), me.userId)] : []),
          ...(me.facebookId ? [releaseClaim(facebookIdentityKey(me.facebookId), me.userId)] : []),
          ...connections.map((connection) => eraseConnectionProfile(connection)),
          // Each app hears of the deletion in the same transaction (docs/webhooks.md outbox): no personal data, only the globalId.
          ...connections.map((connection) =>
            connectionEventPut({ type: 'user.deleted', connection, sequence: connection.statusVersion + 1, before: connection, after: connection, at: now }),
          ),
          ...giveBack,
        ];
        const capped = changeCapped(essential, endSessions(me.userId, current.sessions, current.scopes));
        leftover = capped.leftover;
        return {
          items: capped.items,
          result: undefined,
          onConditionFailed: (reasons) => {
            if (reasons[1]?.Code === 'ConditionalCheckFailed') throw ownsApplications();
            if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new SignetError('noValidSession');
            return 'retry';
          },
        };
      },
    });
    await removeAll(leftover);
  };
  if (deletion.password !== undefined || user.passwordHash !== null) {
    await confirmingPassword(user, deletion.password ?? '', deletion.sourceIp, erase);
    return;
  }
  const profile = await fetchFacebookProfile(deletion.facebookAccessToken ?? '');
  if (user.facebookId === null || profile.id !== user.facebookId) throw new SignetError('invalidFacebookToken');
  await erase([]);
}
