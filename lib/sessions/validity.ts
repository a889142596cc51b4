import type { SessionItem } from '../entities/session.js';
import { now as clockNow } from '../clock.js';

/** `ttl` deletion lags by up to days, so an expired item that still exists is not a session. */
export function isLiveSession(session: SessionItem | undefined, now = clockNow()): session is SessionItem {
  if (!session || session.type !== 'session') return false;
  return Date.parse(session.expiresAt) > now.getTime();
}

export const adminScope = 'ADMIN';
