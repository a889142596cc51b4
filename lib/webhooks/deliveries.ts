import type { TableKey } from '../db/table-key.js';
import { SignetError } from '../errors.js';
import { deliveriesPartition, readDeliveryPage } from '../entities/webhook-delivery.js';
import { requireOwnedEndpoint } from './endpoints.js';
import { deliveryView, type DeliveryView } from './views.js';

/**
 * GET .../webhooks/:endpointId/deliveries: newest first. The cursor is base64url of the
 * last delivery's sort key, checked to be one of this endpoint's before it reaches DynamoDB.
 */
const invalidCursor = () =>
  new SignetError('invalidParameter', 'The cursor is not valid for this list', { issues: [{ path: 'cursor', message: 'must be a nextCursor value returned by this list' }] });

function decodeCursor(endpointId: string, cursor: string): TableKey {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^DELIVERY#evt_[0-9A-HJKMNP-TV-Z]{26}$/.test(sk)) throw invalidCursor();
  return { pk: deliveriesPartition(endpointId), sk };
}

export async function listDeliveries(
  appId: string,
  ownerUserId: number,
  endpointId: string,
  query: { limit: number; cursor?: string },
): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(endpointId, query.cursor);
  await requireOwnedEndpoint(appId, ownerUserId, endpointId);
  const page = await readDeliveryPage(endpointId, query.limit, after);
  return {
    deliveries: page.deliveries.map(deliveryView),
    nextCursor: page.lastKey ? Buffer.from(page.lastKey.sk, 'utf8').toString('base64url') : null,
  };
}
