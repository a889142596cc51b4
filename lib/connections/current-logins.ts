import { createHmac } from 'node:crypto';
import type * as z from 'zod/mini';
import { config } from '../config.js';
import type { ConnectionItem } from '../entities/connection.js';
import { applicationGone } from '../app-auth/basic-auth.js';
import { listConnections } from './list.js';
import { displayName } from './views.js';
import type { currentLoginSchema } from './response-schemas.js';

/**
 * GET /api/applications/{appId}/users (docs/api.md, App backend, "current logins"): the app's
 * connections in the app-facing shape, one page per call (one round trip: the
 * connection Query in parallel with one BatchGetItem of the application item and its
 * 10 connection-counter shards for `total`).
 */

/** The documented shape (./response-schemas.ts): the type follows the schema. */
export type CurrentLoginView = z.output<typeof currentLoginSchema>;

/**
 * A stable per-connection relay address when ALIAS_EMAIL_DOMAIN is set: an HMAC of the
 * connectionId (keyed by the domain), so it is the same on every call, differs between
 * apps for one user, and reveals neither the e-mail nor the globalId.
 */
export function aliasEmailOf(connectionId: string, domain: string | undefined): string | null {
  if (!domain) return null;
  const local = createHmac('sha256', domain.toLowerCase()).update(connectionId, 'utf8').digest('hex').slice(0, 24);
  return `u${local}@${domain.toLowerCase()}`;
}

export function currentLoginView(connection: ConnectionItem, aliasDomain: string | undefined): CurrentLoginView {
  return {
    globalId: connection.globalId,
    email: connection.email ?? null,
    aliasEmail: aliasEmailOf(connection.connectionId, aliasDomain),
    displayName: displayName(connection),
    loginCount: connection.loginCount ?? 0,
    lastSession: connection.lastSession ?? null,
    joinedAt: connection.joinedAt,
    isActive: connection.isActive === true,
  };
}

/** One page of the app's connections; `query` is validated by connectionPageQuerySchema (the user lists' one schema). */
export async function listCurrentLogins(appId: string, query: { limit: number; cursor?: string }) {
  const page = await listConnections(appId, query);
  // The app item rides in the page's BatchGetItem: a deleted app's cached credential fails at once (issue 21).
  if (!page.application) throw applicationGone();
  const aliasDomain = config().ALIAS_EMAIL_DOMAIN;
  return {
    users: page.connections.map((connection) => currentLoginView(connection, aliasDomain)),
    total: page.total,
    nextCursor: page.nextCursor,
  };
}
