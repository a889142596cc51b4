import { decodeTime } from 'ulid';
import { monotonicUlid, ulidTimePart } from './ulids.js';
import { putNew } from './writes.js';
import type { TableKey } from '../db/table-key.js';
import type { ConnectionItem } from './connection.js';
import type { LicenseDuration } from './license.js';
import { get, type TransactItem } from '../db/operations.js';
import { queryPage } from '../db/query.js';

/**
 * Events (docs/webhooks.md): the outbox. An event item is written in the same TransactWriteItems
 * as the change it reports, so no event exists for a change that did not commit and no
 * committed change lacks its event. DynamoDB Streams (filtered to `type = event`) fan it
 * out to webhooks; the pull feed reads the app's event partition in id order.
 *
 * Keys: `EVENTS#<appId>` / `EVENT#<eventId>`. Event ids are `evt_` + a ULID, whose time
 * part is the business clock at planning, so the sort key orders an app's events in time.
 */

export const eventTypes = [
  'status.granted',
  'status.revoked',
  'status.expired',
  'license.redeemed',
  'connection.created',
  'connection.deactivated',
  'user.deleted',
  'signet.test',
] as const;
export type EventType = (typeof eventTypes)[number];

/** Retention of events (the feed) and of delivery attempts. */
export const eventRetentionDays = 30;
const retentionMs = eventRetentionDays * 86_400_000;

/** One license of a snapshot: no code, no personal data. */
export interface SnapshotLicense {
  licenseId: string;
  variantId: string;
  variantName: string;
  duration: LicenseDuration | null;
  expiresAt: string | null;
}

/**
 * A connection's full status at one moment: whether it is active, its current synced
 * status and license (as GET .../status shows it), and its active redeemed licenses.
 */
export interface StatusSnapshot {
  active: boolean;
  status: string | null;
  license: SnapshotLicense | null;
  redeemedLicenses: SnapshotLicense[];
}

export interface SignetEvent {
  id: string;
  type: EventType;
  createdAt: string;
  appId: string;
  data: {
    globalId: string | null;
    connectionId: string | null;
    sequence: number | null;
    previous: StatusSnapshot | null;
    current: StatusSnapshot | null;
  };
}

export interface EventItem {
  type: 'event';
  eventId: string;
  eventType: EventType;
  appId: string;
  createdAt: string;
  /** The event JSON exactly as delivered and served by the feed. */
  body: string;
  /** Epoch seconds: DynamoDB removes events after 30 days (the feed also stops at 30 days). */
  ttl: number;
}

const eventsPk = (appId: string) => `EVENTS#${appId}`;
export const eventKey = (appId: string, eventId: string): TableKey => ({ pk: eventsPk(appId), sk: `EVENT#${eventId}` });

const eventIdPattern = /^evt_[0-9A-HJKMNP-TV-Z]{26}$/;
export const isEventId = (value: string): boolean => eventIdPattern.test(value);
/** Monotonic within a process: two events of one millisecond keep the order they were made in. */
export const newEventId = (atMs: number): string => `evt_${monotonicUlid(atMs)}`;
/** When an event id was made (the ULID's time part). */
export const eventIdTime = (eventId: string): number => decodeTime(eventId.slice(4));
/** The smallest event id of a millisecond: a bound for time-range queries. */
export const firstEventIdAt = (atMs: number): string => `evt_${ulidTimePart(atMs)}${'0'.repeat(16)}`;
export const lastEventIdAt = (atMs: number): string => `evt_${ulidTimePart(atMs)}${'Z'.repeat(16)}`;

type SnapshotSource = Pick<ConnectionItem, 'isActive' | 'syncedStatuses' | 'redeemedLicenses'>;

const unexpired = (expiresAt: string | null | undefined, at: Date) => expiresAt === null || expiresAt === undefined || Date.parse(expiresAt) > at.getTime();

/** The snapshot of a connection (as read, or as a change leaves it) at `at`: expired licenses are not current. */
export function snapshotOf(connection: SnapshotSource | undefined, at: Date): StatusSnapshot {
  if (!connection) return { active: false, status: null, license: null, redeemedLicenses: [] };
  const synced = (connection.syncedStatuses ?? []).find((summary) => unexpired(summary.expiresAt, at));
  return {
    active: connection.isActive === true,
    status: synced?.status ?? null,
    license: synced
      ? { licenseId: synced.licenseId, variantId: synced.variantId, variantName: synced.variantName, duration: synced.duration ?? null, expiresAt: synced.expiresAt }
      : null,
    redeemedLicenses: (connection.redeemedLicenses ?? [])
      .filter((license) => unexpired(license.expiresAt, at))
      .map((license) => ({ licenseId: license.licenseId, variantId: license.variantId, variantName: license.variantName, duration: null, expiresAt: license.expiresAt })),
  };
}

export function eventItem(event: SignetEvent): EventItem & TableKey {
  const createdMs = Date.parse(event.createdAt);
  return {
    ...eventKey(event.appId, event.id),
    type: 'event',
    eventId: event.id,
    eventType: event.type,
    appId: event.appId,
    createdAt: event.createdAt,
    body: JSON.stringify(event),
    ttl: Math.floor((createdMs + retentionMs) / 1000),
  };
}

/** The outbox write: the event item, new (a ULID never repeats). */
export function eventPut(event: SignetEvent): TransactItem {
  return putNew(eventItem(event));
}

/**
 * The event of a change to one connection, as a transaction item. `sequence` is the
 * connection's statusVersion after the change: every change that emits an event bumps it by
 * one on condition of the value read, so it grows by one per event of that connection.
 */
export function connectionEventPut(input: {
  type: EventType;
  connection: Pick<ConnectionItem, 'appId' | 'connectionId' | 'globalId'>;
  sequence: number;
  before: SnapshotSource | undefined;
  after: SnapshotSource;
  at: Date;
  /** The moment `before` is taken at (an expiry: just before the license ended). */
  beforeAt?: Date;
}): TransactItem {
  return eventPut(connectionEvent(input));
}

export function connectionEvent(input: Parameters<typeof connectionEventPut>[0]): SignetEvent {
  const { connection, at } = input;
  return {
    id: newEventId(at.getTime()),
    type: input.type,
    createdAt: at.toISOString(),
    appId: connection.appId,
    data: {
      globalId: connection.globalId,
      connectionId: connection.connectionId,
      sequence: input.sequence,
      previous: snapshotOf(input.before, input.beforeAt ?? at),
      current: snapshotOf(input.after, at),
    },
  };
}

export function readEvent(appId: string, eventId: string): Promise<EventItem | undefined> {
  return get<EventItem>(eventKey(appId, eventId));
}

/** Events of an app with ids in (after, upTo], oldest first, at most `limit`. */
export async function readEventPage(appId: string, after: string, upTo: string, limit: number): Promise<{ events: EventItem[]; more: boolean }> {
  const page = await queryPage({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': eventsPk(appId), ':from': `EVENT#${after}`, ':to': `EVENT#${upTo}` },
    ConsistentRead: true,
    Limit: limit + 1,
  });
  // BETWEEN is inclusive: the cursor's own event is skipped here.
  const events = (page.items as unknown as EventItem[]).filter((item) => item.eventId > after);
  return { events: events.slice(0, limit), more: events.length > limit || (events.length === limit && page.lastKey !== undefined) };
}

/** A table item from the stream (unmarshalled), as an event item when it is one. */
export function eventItemOf(item: Record<string, unknown>): EventItem | undefined {
  return item.type === 'event' ? (item as unknown as EventItem) : undefined;
}
