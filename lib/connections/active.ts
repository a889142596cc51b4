import { keys } from '../db/keys.js';
import { queryFindsAny, queryOf } from '../db/query.js';

/**
 * Whether any connection of the app is active (readiness checks). Reads pages of
 * key-only results until it finds one, so it usually costs one Query.
 */
export async function hasActiveConnection(appId: string): Promise<boolean> {
  return queryFindsAny(queryOf(keys.connectionsOfApp(appId), { filter: 'isActive = :true', values: { ':true': true }, projection: 'pk' }));
}
