import { now } from '../clock.js';
import { transact } from '../db/operations.js';
import { readConnection, type ConnectionItem } from '../entities/connection.js';
import { connectionEventPut } from '../entities/event.js';
import { deleteWatch, expiredStatusWrites, expiryBucket, readDueWatches, readSweepCursor, writeSweepCursor, type ExpiryWatchItem } from '../entities/expiry-watch.js';
import { logger } from '../logger.js';

/**
 * The expiry sweep (docs/webhooks.md): `status.expired` within 60 s of a license's `expiresAt`,
 * not from DynamoDB TTL (which may lag by days). Deployed, EventBridge runs it every
 * minute; under `npm start` the local runtime runs it on its tick, and tests call it after
 * moving the injected clock. It reads the hourly buckets of the expiry index from the
 * cursor to now, and for each due watch whose license is still the connection's, commits
 * the event with the connection's version bump (the event's sequence).
 */

const hourMs = 3600_000;
/** A cursor never reaches back further than this (a sweep after a long outage). */
const maxLookBackMs = 48 * hourMs;
/** Without a cursor (a new table): the previous hour and this one. */
const firstLookBackMs = hourMs;

function stillCurrent(connection: ConnectionItem, watch: ExpiryWatchItem): boolean {
  if (!connection.isActive) return false;
  const summaries = [...(connection.syncedStatuses ?? []), ...(connection.redeemedLicenses ?? [])];
  return summaries.some((summary) => summary.licenseId === watch.licenseId && summary.expiresAt === watch.expiresAt);
}

/** True when the watch is done with (its event committed, or it no longer holds). */
async function expire(watch: ExpiryWatchItem, at: Date): Promise<boolean> {
  const connection = await readConnection(watch.appId, watch.globalId);
  if (!connection || !stillCurrent(connection, watch)) {
    await deleteWatch(watch);
    return true;
  }
  const sequence = (connection.statusVersion ?? 0) + 1;
  const eventPut = connectionEventPut({
    type: 'status.expired',
    connection,
    sequence,
    before: connection,
    beforeAt: new Date(Date.parse(watch.expiresAt) - 1),
    after: connection,
    at,
  });
  const outcome = await transact(expiredStatusWrites({ appId: watch.appId, globalId: watch.globalId, version: connection.statusVersion, eventPut, watch }));
  // Another change won: the watch stays, and the next sweep decides from a fresh read.
  if (outcome.kind !== 'committed') logger.info('expiry sweep: connection changed, will look again', { appId: watch.appId });
  return outcome.kind === 'committed';
}

/** One sweep at the clock's now. Returns how many watches were due. */
export async function sweepExpiries(): Promise<number> {
  const at = now();
  const atIso = at.toISOString();
  const currentBucket = expiryBucket(at.getTime());
  const stored = await readSweepCursor();
  const earliest = expiryBucket(at.getTime() - (stored ? maxLookBackMs : firstLookBackMs));
  let bucketMs = Date.parse(`${stored && stored > earliest ? stored : earliest}:00:00.000Z`);
  let due = 0;
  let doneSoFar = true;
  for (; expiryBucket(bucketMs) <= currentBucket; bucketMs += hourMs) {
    const bucket = expiryBucket(bucketMs);
    const watches = await readDueWatches(bucket, atIso);
    due += watches.length;
    let finished = 0;
    for (const watch of watches) if (await expire(watch, at)) finished += 1;
    // A bucket wholly in the past with nothing left is done: later sweeps start after it.
    doneSoFar = doneSoFar && finished === watches.length;
    if (doneSoFar && bucket < currentBucket && bucket >= (stored ?? '')) await writeSweepCursor(expiryBucket(bucketMs + hourMs));
  }
  return due;
}
