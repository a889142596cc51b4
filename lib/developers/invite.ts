import { userIdOfUsername } from '../entities/user-claims.js';
import { grantDeveloperRole } from '../entities/user.js';
import { SignetError } from '../errors.js';

/**
 * An existing developer invites an existing account (issue 21): it gets the developer
 * role, so with DEVELOPER_SIGNUP=closed it may open admin sessions. Idempotent.
 */
export async function inviteDeveloper(username: string): Promise<{ userId: number }> {
  const userId = await userIdOfUsername(username);
  if (userId === undefined || !(await grantDeveloperRole(userId))) throw new SignetError('notFound', 'No account with that username; ask them to register first');
  return { userId };
}
