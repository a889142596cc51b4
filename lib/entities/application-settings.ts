import { tableName } from '../db/table-name.js';
import { applicationKey } from './application.js';
import type { TransactItem } from '../db/operations.js';

/** The developer-editable settings of an application item (PATCH /api/developer/applications/:appId). */
export interface ApplicationSettings {
  name?: string;
  /** null removes it. */
  passwordResetUrl?: string | null;
}

/** Changes the sent settings of an application its owner still owns. */
export function changeApplicationSettings(appId: string, ownerUserId: number, settings: ApplicationSettings): TransactItem {
  const fields = Object.entries(settings).filter(([, value]) => value !== undefined);
  return {
    Update: {
      TableName: tableName(),
      Key: applicationKey(appId),
      UpdateExpression: `SET ${fields.map((_field, index) => `#f${index} = :v${index}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk) AND ownerUserId = :owner',
      ExpressionAttributeNames: Object.fromEntries(fields.map(([name], index) => [`#f${index}`, name])),
      ExpressionAttributeValues: { ':owner': ownerUserId, ...Object.fromEntries(fields.map(([, value], index) => [`:v${index}`, value])) },
    },
  };
}
