import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../lib/db/table-name.js';
import { db } from '../../lib/db/client.js';
import type { ConnectionItem } from '../../lib/entities/connection.js';
import type { LicenseItem } from '../../lib/entities/license.js';
import type { StatusHistoryItem } from '../../lib/entities/status-history.js';
import { keys } from '../../lib/entities/keys.js';
import { createAdminSession, loginUser, registerUser, type AdminSession, type RegisteredUser } from './accounts.js';
import { api, type ApiCall, type ApiResult } from './api.js';
import { basicAuth, createApplication } from './applications.js';

/**
 * Fixtures of the status-sync tests (not a test file): an application made through the
 * developer API, users connected to it by a member login, and Basic-auth helpers.
 */

export interface TestApp {
  appId: string;
  clientSecret: string;
  secretId: string;
  hostname: string;
  owner: AdminSession;
  /** Authorization header with the app's first secret. */
  auth: Record<string, string>;
}

export { basicAuth };

export async function createTestApp(owner?: AdminSession): Promise<TestApp> {
  const admin = owner ?? (await createAdminSession());
  const created = await createApplication(admin.headers, { name: 'Status sync test app' });
  return { ...created, owner: admin, auth: basicAuth(created.appId, created.clientSecret) };
}

/** A registered user with a member login to the app (which creates the connection). */
export async function connectUser(app: TestApp, overrides: Parameters<typeof registerUser>[0] = {}): Promise<RegisteredUser> {
  const user = await registerUser(overrides);
  await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
  return user;
}

export const statusPath = (appId: string, globalId: string) => `/api/applications/${appId}/users/${globalId}/status`;

export function patchStatus(app: TestApp, globalId: string, body: unknown, call: ApiCall = {}): Promise<ApiResult> {
  return api('PATCH', statusPath(app.appId, globalId), { ...call, headers: { ...app.auth, ...call.headers }, body });
}

export function getStatus(app: TestApp, globalId: string): Promise<ApiResult> {
  return api('GET', statusPath(app.appId, globalId), { headers: app.auth });
}

export async function storedConnection(appId: string, globalId: string): Promise<ConnectionItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.connection(appId, globalId), ConsistentRead: true }));
  return Item as ConnectionItem | undefined;
}

async function queryAll<T>(pk: string, skPrefix: string): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export function storedLicenses(appId: string, globalId: string): Promise<(LicenseItem & { pk: string; sk: string })[]> {
  const { pk, skPrefix } = keys.licensesOfConnection(appId, globalId);
  return queryAll(pk, skPrefix);
}

export function storedHistory(appId: string, globalId: string): Promise<StatusHistoryItem[]> {
  const { pk, skPrefix } = keys.statusHistoryOfConnection(appId, globalId);
  return queryAll(pk, skPrefix);
}

export function storedVariants(appId: string): Promise<{ variantId: string; name: string; defaultDuration: string }[]> {
  const { pk, skPrefix } = keys.variantsOfApp(appId);
  return queryAll(pk, skPrefix);
}

/** Counts DynamoDB operations (GetItem, Query, BatchGetItem, TransactWriteItems, ...) through a middleware on the shared client. */
export function countDynamoCalls(): { counts: Record<string, number>; total: () => number; reset: () => void; stop: () => void } {
  const counts: Record<string, number> = {};
  const name = `count-calls-${randomBytes(4).toString('hex')}`;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    counts,
    total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
    stop: () => {
      db.middlewareStack.remove(name);
    },
  };
}
