import { randomBytes } from 'node:crypto';
import { api, type ApiResult } from './api.js';

/**
 * Account helpers for integration tests: register users and open sessions
 * through the real /auth endpoints. Other test files depend on these signatures.
 */

export interface RegisterFields {
  username: string;
  password: string;
  first_name?: string;
  last_name?: string;
  gender?: string;
  birthday?: string;
  mailing_list_subscribed?: boolean;
  printed_mailing_list_subscribed?: boolean;
}

export interface RegisteredUser {
  userId: number;
  globalId: string;
  username: string;
  password: string;
  /** `results.user_info` of the add-user answer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies freely
  userInfo: any;
}

export interface LoggedInSession {
  userId: number;
  sessionKey: string;
  /** The X-Spaaza-Session-* header pair naming this session. */
  headers: Record<string, string>;
  /** `Set-Cookie` of an admin login (`signet_session=...`), else undefined. */
  cookie: string | undefined;
  response: ApiResult;
}

export interface AdminSession {
  userId: number;
  globalId: string;
  username: string;
  password: string;
  sessionKey: string;
  headers: Record<string, string>;
}

/** A unique e-mail address for a test user. */
export function uniqueUsername(prefix = 'user'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
}

export const defaultPassword = 'correct horse battery';

function expectOk(response: ApiResult, what: string): void {
  if (response.status !== 200) {
    throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.json)}`);
  }
}

/** POST /auth/add-user with a fresh username and a valid password unless overridden. */
export async function registerUser(overrides: Partial<RegisterFields> = {}): Promise<RegisteredUser> {
  const fields: RegisterFields = { username: uniqueUsername(), password: defaultPassword, ...overrides };
  const response = await api('POST', '/auth/add-user', { body: fields });
  expectOk(response, 'add-user');
  const userInfo = response.json.results.user_info;
  return { userId: userInfo.user_id, globalId: userInfo.global_id, username: fields.username, password: fields.password, userInfo };
}

/** POST /auth/login; with `hostname` a member session of that app, else an admin session. */
export async function loginUser(credentials: { username: string; password: string; hostname?: string }): Promise<LoggedInSession> {
  const headers: Record<string, string> = {};
  if (credentials.hostname) headers['x-spaaza-myprice-app-hostname'] = credentials.hostname;
  // An admin login as the portal makes it: only such a login gets the cookie (login CSRF, issue 21).
  else headers['x-signet-portal'] = '1';
  const response = await api('POST', '/auth/login', {
    headers,
    body: { username: credentials.username, password: credentials.password },
  });
  expectOk(response, 'login');
  const info = response.json.results.session_info;
  const userId = Number(info.session_user_id);
  const sessionKey = String(info.session_key);
  return {
    userId,
    sessionKey,
    headers: { 'x-spaaza-session-user-id': String(userId), 'x-spaaza-session-key': sessionKey },
    cookie: response.headers['set-cookie'],
    response,
  };
}

/** A new user with a live admin session (for /api/developer/... tests). */
export async function createAdminSession(overrides: Partial<RegisterFields> = {}): Promise<AdminSession> {
  const user = await registerUser(overrides);
  const session = await loginUser({ username: user.username, password: user.password });
  return {
    userId: user.userId,
    globalId: user.globalId,
    username: user.username,
    password: user.password,
    sessionKey: session.sessionKey,
    headers: session.headers,
  };
}

/**
 * Writes an application and its hostname claims straight into the table, for
 * member-session tests that must not depend on the developer endpoints.
 */
export async function seedApplication(options: { hostnames?: string[]; ownerUserId?: number } = {}): Promise<{ appId: string; hostname: string }> {
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db } = await import('../../lib/db/client.js');
  const { keys } = await import('../../lib/entities/keys.js');
  const { tableName } = await import('../../lib/db/table-name.js');
  const appId = `app_${randomBytes(8).toString('hex')}`;
  const hostnames = options.hostnames ?? [`${randomBytes(4).toString('hex')}.apps.example.com`];
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.application(appId),
        type: 'application',
        appId,
        name: 'Seeded app',
        hostnames,
        ownerUserId: options.ownerUserId ?? 1,
        createdAt: new Date().toISOString(),
        connectionCount: 0,
        clientSecretCount: 0,
      },
    }),
  );
  for (const hostname of hostnames) {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.hostnameClaim(hostname), type: 'hostnameClaim', appId } }));
  }
  return { appId, hostname: hostnames[0] ?? '' };
}
