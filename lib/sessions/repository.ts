import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { SessionItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { hashSessionKey, isWellFormedSessionKey } from './session-key.js';
import { isLiveSession } from './validity.js';

/** The live session a user id + key pair names, or undefined (one GetItem, none for a malformed key). */
export async function findLiveSession(userId: number, sessionKey: string): Promise<SessionItem | undefined> {
  if (!isWellFormedSessionKey(sessionKey)) return undefined;
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: keys.session(userId, hashSessionKey(sessionKey)), ConsistentRead: true }),
  );
  const session = Item as SessionItem | undefined;
  return isLiveSession(session) ? session : undefined;
}
