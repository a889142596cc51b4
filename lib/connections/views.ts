import type { ConnectionItem, SyncedStatusSummary } from '../db/items.js';
import { now as licenseNow } from '../licenses/clock.js';
import { activeRedeemedLicenses } from '../licenses/codes.js';
import { redeemedLicenseView } from '../licenses/views.js';
import { activeSyncedStatuses } from './statuses.js';

/** One connected user as the developer list shows it (API.md §4). */
export interface DeveloperConnectionView {
  id: string;
  globalId: string;
  name: string | null;
  email: string | null;
  active: boolean;
  sessions: number;
  lastSession: string | null;
  joined: string;
  statuses: StatusView[];
  /** ACTIVE licenses the user redeemed from license codes (the other kind besides synced statuses). */
  redeemed: ReturnType<typeof redeemedLicenseView>[];
}

export interface StatusView {
  status: string;
  variantId: string;
  variantName: string;
  licenseId: string;
  expiresAt: string | null;
}

/** First + last name, or null when the user gave neither. */
export function displayName(connection: Pick<ConnectionItem, 'firstName' | 'lastName'>): string | null {
  const name = [connection.firstName, connection.lastName].filter((part) => part && part.trim()).join(' ').trim();
  return name.length > 0 ? name : null;
}

function statusView(status: SyncedStatusSummary): StatusView {
  return {
    status: status.status,
    variantId: status.variantId,
    variantName: status.variantName,
    licenseId: status.licenseId,
    expiresAt: status.expiresAt,
  };
}

export function developerConnectionView(connection: ConnectionItem, now = new Date()): DeveloperConnectionView {
  return {
    id: connection.connectionId,
    globalId: connection.globalId,
    name: displayName(connection),
    email: connection.email ?? null,
    active: connection.isActive,
    sessions: connection.loginCount ?? 0,
    lastSession: connection.lastSession ?? null,
    joined: connection.joinedAt,
    statuses: activeSyncedStatuses(connection, now).map(statusView),
    redeemed: activeRedeemedLicenses(connection, licenseNow()).map(redeemedLicenseView),
  };
}
