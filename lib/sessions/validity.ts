import type { SessionItem } from '../db/items.js';

/** `ttl` deletion lags by up to days, so an expired item that still exists is not a session. */
export function isLiveSession(session: SessionItem | undefined, now = new Date()): session is SessionItem {
  if (!session || session.type !== 'session') return false;
  return Date.parse(session.expiresAt) > now.getTime();
}

export const adminScope = 'ADMIN';
