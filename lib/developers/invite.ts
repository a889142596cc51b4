import * as z from 'zod/mini';
import { userIdOfUsername } from '../entities/user-claims.js';
import { grantDeveloperRole } from '../entities/user.js';
import { SignetError } from '../errors.js';

/** POST /api/developer/invitations body. */
export const invitationSchema = z.strictObject({ username: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(254)) });

/**
 * An existing developer invites an existing account (issue 21): it gets the developer
 * role, so with DEVELOPER_SIGNUP=closed it may open admin sessions. Idempotent.
 */
export async function inviteDeveloper(username: string): Promise<{ userId: number }> {
  const userId = await userIdOfUsername(username);
  if (userId === undefined || !(await grantDeveloperRole(userId))) throw new SignetError('notFound', 'No account with that username; ask them to register first');
  return { userId };
}
