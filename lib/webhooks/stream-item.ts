import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Item types the fan-out takes: the deployed event source filter (infra/webhooks.ts) passes exactly these. */
export const fanOutItemTypes = ['event', 'webhookDispatch'] as const;

/** The new item a stream record carries, when the fan-out takes it (an INSERT of one of fanOutItemTypes). */
export function fanOutItem(record: _Record): Record<string, unknown> | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  return (fanOutItemTypes as readonly unknown[]).includes(item.type) ? item : undefined;
}
