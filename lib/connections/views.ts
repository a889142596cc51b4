import type * as z from 'zod/mini';
import type { developerConnectionViewSchema, redeemedLicenseViewSchema, statusViewSchema } from './response-schemas.js';
import { activeRedeemedLicenses, type ConnectionItem, type RedeemedLicenseSummary, type SyncedStatusSummary } from '../entities/connection.js';
import { activeSyncedStatuses } from './statuses.js';
import { now as clockNow } from '../clock.js';

/** One connected user as the developer list shows it (docs/api.md, Developer), typed by its documented schema. */
export type DeveloperConnectionView = z.output<typeof developerConnectionViewSchema>;
export type StatusView = z.output<typeof statusViewSchema>;
export type RedeemedLicenseView = z.infer<typeof redeemedLicenseViewSchema>;

/** A redeemed license as the status read and the developer user list show it. */
export function redeemedLicenseView(license: RedeemedLicenseSummary): RedeemedLicenseView {
  return {
    licenseId: license.licenseId,
    code: license.code,
    state: 'ACTIVE',
    variant: { variantId: license.variantId, name: license.variantName },
    expiresAt: license.expiresAt,
    redeemedAt: license.redeemedAt,
  };
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
