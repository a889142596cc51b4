import { randomBytes } from 'node:crypto';
import { defaultPassword, uniqueUsername } from './accounts.js';
import { basicAuth } from './api.js';
import type { LocalApi } from './http.js';

/** Fixtures made through real HTTP requests to the local server (test/support/http.ts). */

export { defaultPassword as fixturePassword };

export interface HttpUser {
  username: string;
  userId: number;
  globalId: string;
}

export interface HttpApp {
  appId: string;
  clientSecret: string;
  hostname: string;
  admin: Record<string, string>;
  auth: Record<string, string>;
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

export async function addUser(api: LocalApi): Promise<HttpUser> {
  const username = uniqueUsername();
  const response = await api.call('POST', '/auth/add-user', { body: { username, password: defaultPassword } });
  if (response.status !== 200) throw new Error(`add-user: ${response.status} ${response.text}`);
  const info = (response.json as { results: { user_info: { user_id: number; global_id: string } } }).results.user_info;
  return { username, userId: info.user_id, globalId: info.global_id };
}

/** `from`: the caller's loopback source address (login throttling counts per username and source IP). */
export async function login(api: LocalApi, user: HttpUser, hostname?: string, from?: string): Promise<{ status: number; sessionKey: string }> {
  const response = await api.call('POST', '/auth/login', {
    headers: hostname ? { 'x-spaaza-myprice-app-hostname': hostname } : {},
    body: { username: user.username, password: defaultPassword },
    from,
  });
  const sessionKey = (response.json as { results?: { session_info?: { session_key?: string } } }).results?.session_info?.session_key ?? '';
  return { status: response.status, sessionKey };
}

export async function adminHeaders(api: LocalApi): Promise<Record<string, string>> {
  const user = await addUser(api);
  const { sessionKey } = await login(api, user);
  return { 'x-spaaza-session-user-id': String(user.userId), 'x-spaaza-session-key': sessionKey };
}

export async function createApp(api: LocalApi): Promise<HttpApp> {
  const admin = await adminHeaders(api);
  const hostname = `${uniqueName('app')}.example.com`;
  const response = await api.call('POST', '/api/developer/applications', { headers: admin, body: { name: 'Honest writes', hostnames: [hostname] } });
  if (response.status !== 201) throw new Error(`create application: ${response.status} ${response.text}`);
  const { application, clientSecret } = response.json as { application: { appId: string }; clientSecret: string };
  const auth = basicAuth(application.appId, clientSecret);
  return { appId: application.appId, clientSecret, hostname, admin, auth };
}

/** A user with a member login to the app (which creates the connection). */
export async function connectedUser(api: LocalApi, app: HttpApp): Promise<HttpUser> {
  const user = await addUser(api);
  const { status } = await login(api, user, app.hostname);
  if (status !== 200) throw new Error(`member login: ${status}`);
  return user;
}

export const statusPath = (app: HttpApp, globalId: string) => `/api/applications/${app.appId}/users/${globalId}/status`;
