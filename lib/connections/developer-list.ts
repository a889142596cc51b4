import { applicationNotFound } from '../applications/repository.js';
import { listConnections } from './list.js';
import { developerConnectionView, type DeveloperConnectionView } from './views.js';
import { now as clockNow } from '../clock.js';

export interface ConnectedUsersPage {
  users: DeveloperConnectionView[];
  total: number;
  nextCursor: string | null;
}

/**
 * GET /api/developer/applications/:appId/users: one page of connected users. The
 * page and the application item come from one round trip; ownership is checked on
 * that item before anything is returned. A bad cursor is a 400 before any read.
 */
export async function listConnectedUsers(
  appId: string,
  ownerUserId: number,
  options: { limit: number; cursor?: string },
): Promise<ConnectedUsersPage> {
  const page = await listConnections(appId, options);
  if (!page.application || page.application.ownerUserId !== ownerUserId) throw applicationNotFound();
  const now = clockNow();
  return {
    users: page.connections.map((connection) => developerConnectionView(connection, now)),
    total: page.total,
    nextCursor: page.nextCursor,
  };
}
