import { isAppId } from '../applications/ids.js';
import { applicationNotFound, requireOwnedApplication } from '../applications/repository.js';
import { now } from '../clock.js';
import { SignetError } from '../errors.js';
import { isEventId, readEvent } from '../entities/event.js';
import { putDispatch } from '../entities/webhook-dispatch.js';

/**
 * POST .../events/:eventId/replay (docs/webhooks.md): the event again, with the same webhook-id,
 * to every enabled endpoint of the app that takes its type (a new delivery run each).
 */
export async function replayEvent(appId: string, ownerUserId: number, eventId: string): Promise<{ eventId: string }> {
  if (!isAppId(appId)) throw applicationNotFound();
  const [, event] = await Promise.all([requireOwnedApplication(appId, ownerUserId), isEventId(eventId) ? readEvent(appId, eventId) : undefined]);
  if (!event) throw new SignetError('notFound', 'No such event (events are kept 30 days)');
  await putDispatch({ kind: 'replay', appId, eventId }, now());
  return { eventId };
}
