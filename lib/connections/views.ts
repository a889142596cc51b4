import type * as z from 'zod/mini';
import type { developerConnectionViewSchema, statusViewSchema } from './response-schemas.js';
import type { ConnectionItem, SyncedStatusSummary } from '../db/items.js';
import { activeRedeemedLicenses } from '../licenses/codes.js';
import { redeemedLicenseView } from '../licenses/views.js';
import { activeSyncedStatuses } from './statuses.js';
import { now as clockNow } from '../clock.js';

/** One connected user as the developer list shows it (docs/api.md, Developer), typed by its documented schema. */
export type DeveloperConnectionView = z.output<typeof developerConnectionViewSchema>;
export type StatusView = z.output<typeof statusViewSchema>;

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

export function developerConnectionView(connection: ConnectionItem, now = clockNow()): DeveloperConnectionView {
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
    redeemed: activeRedeemedLicenses(connection, now).map(redeemedLicenseView),
  };
}
