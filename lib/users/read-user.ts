import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { SessionItem, UserItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';

export interface UserWithSessions {
  user: UserItem;
  /** Every stored session of the user, live or expired-not-yet-deleted, with its key. */
  sessions: Array<SessionItem & TableKey>;
}

/** The profile and all sessions of a user in one strongly consistent Query (login needs both). */
export async function readUserWithSessions(userId: number): Promise<UserWithSessions | undefined> {
  const range = keys.profileAndSessionsOfUser(userId);
  let user: UserItem | undefined;
  const sessions: Array<SessionItem & TableKey> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skFrom, ':to': range.skTo },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.type === 'user') user = item as UserItem;
      else if (item.type === 'session') sessions.push(item as SessionItem & TableKey);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return user ? { user, sessions } : undefined;
}
