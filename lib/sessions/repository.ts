import type { SessionItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { get } from '../db/operations.js';
import { hashSessionKey, isWellFormedSessionKey } from './session-key.js';
import { isLiveSession } from './validity.js';

/** The live session a user id + key pair names, or undefined (one GetItem, none for a malformed key). */
export async function findLiveSession(userId: number, sessionKey: string): Promise<SessionItem | undefined> {
  if (!isWellFormedSessionKey(sessionKey)) return undefined;
  const session = await get<SessionItem>(keys.session(userId, hashSessionKey(sessionKey)));
  return isLiveSession(session) ? session : undefined;
}
