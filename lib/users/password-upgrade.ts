import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import { keys } from '../db/keys.js';
import { logger } from '../logger.js';
import { hashPassword, needsRehash } from './password.js';

/**
 * After a successful login, re-hashes a password stored under weaker parameters
 * (API.md §7.6). Conditioned on the old hash, so a password changed meanwhile is
 * left alone; a failure only delays the upgrade to the next login.
 */
export async function upgradePasswordHashIfWeak(userId: number, storedHash: string | null, password: string): Promise<void> {
  if (!storedHash || !needsRehash(storedHash)) return;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(userId),
        UpdateExpression: 'SET passwordHash = :new',
        ConditionExpression: 'passwordHash = :old',
        ExpressionAttributeValues: { ':new': await hashPassword(password), ':old': storedHash },
      }),
    );
  } catch (error) {
    logger.warn('could not upgrade a password hash', { errorName: error instanceof Error ? error.name : 'unknown' });
  }
}
