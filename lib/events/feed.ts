import { nowMs } from '../clock.js';
import { applicationGone } from '../app-auth/basic-auth.js';
import { readApplication } from '../entities/application.js';
import { SignetError } from '../errors.js';
import { eventRetentionDays, firstEventIdAt, isEventId, lastEventIdAt, readEventPage, type SignetEvent } from '../entities/event.js';

/**
 * GET /api/applications/:appId/events?after=&limit= (docs/webhooks.md): the app's events in order,
 * 30 days back. Event ids are ULIDs taken when the change was planned, and a change
 * commits within its request's deadline (10 s), so the feed stops `settleMs` short of now:
 * an event that has not committed yet can never appear later *before* one already
 * served. The cursor is the last event id served; `nextCursor` is always returned, so a
 * backend keeps it and asks again (`hasMore` says whether to ask at once).
 */
export const settleMs = 15_000;

const invalidAfter = () =>
  new SignetError('invalidParameter', 'The cursor is not valid for this feed', { issues: [{ path: 'after', message: 'must be an event id or a nextCursor value' }] });

export async function readEventFeed(
  appId: string,
  query: { after?: string; limit: number },
  options: { confirmApplication: boolean } = { confirmApplication: false },
): Promise<{ events: SignetEvent[]; nextCursor: string | null; hasMore: boolean }> {
  if (query.after !== undefined && !isEventId(query.after)) throw invalidAfter();
  const at = nowMs();
  const oldest = firstEventIdAt(at - eventRetentionDays * 86_400_000);
  const after = query.after !== undefined && query.after > oldest ? query.after : oldest;
  // A credential from the container's cache was not read now: the app item, read in parallel, says it still exists (issue 21).
  const [page, application] = await Promise.all([
    readEventPage(appId, after, lastEventIdAt(at - settleMs), query.limit),
    options.confirmApplication ? readApplication(appId) : Promise.resolve(true),
  ]);
  if (!application) throw applicationGone();
  const last = page.events.at(-1)?.eventId;
  return {
    events: page.events.map((item) => JSON.parse(item.body) as SignetEvent),
    nextCursor: last ?? query.after ?? null,
    hasMore: page.more,
  };
}
