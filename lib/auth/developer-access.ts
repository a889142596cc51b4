import { config } from '../config.js';
import type { UserItem } from '../entities/user.js';
import { SignetError } from '../errors.js';
import { adminScope } from '../sessions/validity.js';

/**
 * Who may be a developer (issue 21): every app shares one user pool, so with
 * DEVELOPER_SIGNUP=closed a login without a hostname (an admin session) needs the
 * developer role; an ordinary account gets 403 developer_access_required and no session.
 */
export function assertMayOpenSession(user: Pick<UserItem, 'developer'>, scope: string): void {
  if (scope !== adminScope || config().DEVELOPER_SIGNUP === 'open' || user.developer === true) return;
  throw new SignetError('developerAccessRequired');
}
