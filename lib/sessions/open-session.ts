import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config, tableName } from '../config.js';
import { db } from '../db/client.js';
import type { SessionItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { conditionFailed, transactWrite, type TransactItem } from '../db/transactions.js';
import { SignetError } from '../errors.js';
import type { UserWithSessions } from '../users/read-user.js';
import { connectionLoginWrites } from './member-connection.js';
import { hashSessionKey, newSessionKey } from './session-key.js';
import { adminScope, isLiveSession } from './validity.js';

export interface OpenSessionInput {
  account: UserWithSessions;
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
const maxAttempts = 4;

/**
 * Creates a session and, in the same transaction, deletes the user's earlier
 * sessions of that scope (and any expired ones) and, for a member session,
 * creates or reactivates the connection. A concurrent first login to the same
 * app fails the connection condition; the attempt is retried with fresh reads.
 */
export async function openSession(input: OpenSessionInput): Promise<OpenedSession> {
  const { user, sessions } = input.account;
  const now = new Date();
  const sessionKey = newSessionKey();
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
  const replaced: TableKey[] = sessions
    .filter((old) => old.scope === input.scope || !isLiveSession(old, now))
    .map((old) => ({ pk: old.pk, sk: old.sk }));
  const table = tableName();
  const sessionWrites: TransactItem[] = [
    {
      Put: {
        TableName: table,
        Item: { ...keys.session(user.userId, hashSessionKey(sessionKey)), ...session },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...replaced.slice(0, maxDeletesInTransaction).map((key) => ({ Delete: { TableName: table, Key: key } })),
    ...(input.alsoWrite ?? []),
  ];

  for (let attempt = 1; ; attempt += 1) {
    const member = input.scope === adminScope ? undefined : await connectionLoginWrites(input.scope, user, now);
    const reasons = await transactWrite([...sessionWrites, ...(member?.items ?? [])]);
    if (!reasons) break;
    if (member?.applicationIndex !== undefined && conditionFailed(reasons, sessionWrites.length + member.applicationIndex)) {
      throw new SignetError('noMyPriceApp');
    }
    if (attempt >= maxAttempts) throw new SignetError('unavailable', 'Concurrent logins; retry');
  }

  await deleteInBatches(replaced.slice(maxDeletesInTransaction));
  return { session, sessionKey };
}

async function deleteInBatches(items: TableKey[]): Promise<void> {
  const table = tableName();
  for (let start = 0; start < items.length; start += 25) {
    const chunk = items.slice(start, start + 25);
    await db.send(new BatchWriteCommand({ RequestItems: { [table]: chunk.map((Key) => ({ DeleteRequest: { Key } })) } }));
  }
}
