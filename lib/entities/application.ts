import { tableName } from '../db/table-name.js';
import { batchGet, get, type ItemsByKey, type TransactItem } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';
import type { KeyRange, TableKey } from '../db/table-key.js';
import type { ClientSecretItem } from './client-secret.js';
import { appPk } from './partitions.js';
import { putNew } from './writes.js';

/** An application (docs/table-design.md, "Applications"): its item in its own partition. */

export type HostnameState = 'verified' | 'pending';

/** One hostname of an application item; `challenge` is the TXT value its owner publishes. */
export interface HostnameEntry {
  hostname: string;
  status: HostnameState;
  challenge: string | null;
}

export interface ApplicationItem {
  type: 'application';
  appId: string;
  name: string;
  hostnames: string[];
  /** Verification state of each hostname (docs/security.md, Hostname ownership); absent on items older than verification (all verified). */
  hostnameStatus?: HostnameEntry[];
  ownerUserId: number;
  createdAt: string;
  /** Legacy: connections counted on the app item before the sharded counter (connection-counter.ts); no longer written. */
  connectionCount?: number;
  /** Active client secrets; conditions on it keep at least one (and at most a cap). */
  clientSecretCount: number;
  /** Member password-reset mails link here, `{token}` replaced (docs/api.md, account lifecycle); absent or null: the portal's reset page. */
  passwordResetUrl?: string | null;
}

export const applicationKey = (appId: string): TableKey => ({ pk: appPk(appId), sk: 'META' });
/** The application item and its client secrets in one Query: `META` sorts just before `SECRET#`. */
export const applicationWithSecretsRange = (appId: string): KeyRange => ({ pk: appPk(appId), skFrom: 'META', skTo: 'SECRET#\uffff' });

export function applicationIn(found: ItemsByKey, appId: string): ApplicationItem | undefined {
  return found(applicationKey(appId)) as ApplicationItem | undefined;
}

export function readApplication(appId: string): Promise<ApplicationItem | undefined> {
  return get<ApplicationItem>(applicationKey(appId));
}

/** The application and other items of the same request, in one BatchGetItem. */
export async function readApplicationWith(appId: string, others: Array<TableKey | undefined>): Promise<{ application: ApplicationItem | undefined; found: ItemsByKey }> {
  const found = await batchGet([applicationKey(appId), ...others]);
  return { application: applicationIn(found, appId), found };
}

/** The application item and its client secrets (unsorted) in one Query. */
export async function readApplicationWithSecrets(appId: string): Promise<{ application: ApplicationItem; secrets: ClientSecretItem[] } | undefined> {
  const items = await queryAll<ApplicationItem | ClientSecretItem>(queryOf(applicationWithSecretsRange(appId), { consistent: true }));
  const application = items.find((item): item is ApplicationItem => item.type === 'application');
  if (!application) return undefined;
  return { application, secrets: items.filter((item): item is ClientSecretItem => item.type === 'clientSecret') };
}

export function applicationPut(application: ApplicationItem): TransactItem {
  return putNew({ ...applicationKey(application.appId), ...application });
}

/** Holds only while the application exists (a login's connection must not outlive its app). */
export function applicationExistsCheck(appId: string): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: applicationKey(appId), ConditionExpression: 'attribute_exists(pk)' } };
}

/** Holds only while `ownerUserId` owns the app, so a write checks ownership in its own round trip. */
export function ownedApplicationCheck(appId: string, ownerUserId: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: applicationKey(appId),
      ConditionExpression: 'attribute_exists(pk) AND ownerUserId = :owner',
      ExpressionAttributeValues: { ':owner': ownerUserId },
    },
  };
}

/** `ownerUserId` restricts a change to the app's owner (developer API); the admin CLI passes none. */
function ownedCondition(ownerUserId: number | undefined): { expression: string; values: Record<string, unknown> } {
  return ownerUserId === undefined
    ? { expression: 'attribute_exists(pk)', values: {} }
    : { expression: 'attribute_exists(pk) AND ownerUserId = :owner', values: { ':owner': ownerUserId } };
}

/** One more active secret on the app, below `max`; a failed condition returns the item (ALL_OLD) to tell why. */
export function secretCountIncrement(appId: string, ownerUserId: number | undefined, max: number): TransactItem {
  const owned = ownedCondition(ownerUserId);
  return {
    Update: {
      TableName: tableName(),
      Key: applicationKey(appId),
      UpdateExpression: 'ADD clientSecretCount :one',
      ConditionExpression: `${owned.expression} AND clientSecretCount < :max`,
      ExpressionAttributeValues: { ...owned.values, ':one': 1, ':max': max },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** One fewer active secret, never the last one; a failed condition returns the item (ALL_OLD). */
export function secretCountDecrement(appId: string, ownerUserId: number | undefined): TransactItem {
  const owned = ownedCondition(ownerUserId);
  return {
    Update: {
      TableName: tableName(),
      Key: applicationKey(appId),
      UpdateExpression: 'ADD clientSecretCount :minusOne',
      ConditionExpression: `${owned.expression} AND clientSecretCount > :one`,
      ExpressionAttributeValues: { ...owned.values, ':one': 1, ':minusOne': -1 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** Hostname `index` becomes verified, while the owner still owns the app and the entry still names it. */
export function hostnameVerifiedUpdate(appId: string, ownerUserId: number, index: number, hostname: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: applicationKey(appId),
      UpdateExpression: `SET hostnameStatus[${index}].#status = :verified, hostnameStatus[${index}].challenge = :none`,
      ConditionExpression: `ownerUserId = :owner AND hostnameStatus[${index}].hostname = :hostname`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':verified': 'verified', ':none': null, ':owner': ownerUserId, ':hostname': hostname },
    },
  };
}

/** Deletes the app item while the owner owns it and its secret count is the one read (no secret added or retired meanwhile). */
export function applicationDelete(appId: string, ownerUserId: number, secretCount: number): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: applicationKey(appId),
      ConditionExpression: 'ownerUserId = :owner AND clientSecretCount = :secrets',
      ExpressionAttributeValues: { ':owner': ownerUserId, ':secrets': secretCount },
    },
  };
}
