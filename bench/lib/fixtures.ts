import { randomBytes } from 'node:crypto';
import { expectStatus } from './invoke.js';

/**
 * The data every scenario runs against, made through the public HTTP contract
 * only (add-user, login, create application, status PATCH through the real
 * handlers), never written to the table directly.
 */
export const benchPassword = 'bench password 0123456789';

export interface Account {
  userId: number;
  globalId: string;
  username: string;
  password: string;
}

export interface Session {
  userId: number;
  sessionKey: string;
  /** X-Spaaza-Session-* headers naming this session. */
  headers: Record<string, string>;
}

export interface App {
  appId: string;
  hostname: string;
  secretId: string;
  clientSecret: string;
  /** `Authorization: Basic ...` for this app's backend. */
  basic: Record<string, string>;
}

export interface Member extends Account {
  /** A member session of the bench app (login with its hostname). */
  session: Session;
}

export interface World {
  owner: Account & { admin: Session };
  app: App;
  /** get-login-status and login. */
  reader: Member;
  /** Status grants alternating between two plans (a new license each time). */
  switcher: Member;
  /** Status grants of the same plan (the license is reused). */
  renewer: Member;
  /** Grant, then the timed revoke. */
  revoker: Member;
  /** Total connections of the app (the current-logins page). */
  connections: number;
  /** Members who redeem license codes (a connection holds at most 100 redeemed licenses, so they take turns). */
  redeemers: Member[];
  /** A variant of the app holding `benchCodeCount` generated license codes (the code inventory page). */
  codeVariantId: string;
}

/** License codes generated in the bench app: one full inventory page (the list's default limit is 100). */
export const benchCodeCount = 100;

/** Redeem calls each member takes in the bench (a connection holds at most 100 redeemed licenses). */
export const redeemsPerMember = 80;

/** Members enough for `calls` redeem calls. */
export const redeemersFor = (calls: number) => Math.max(1, Math.ceil(calls / redeemsPerMember));

const unique = () => randomBytes(5).toString('hex');
export const uniqueUsername = (prefix: string) => `${prefix}-${unique()}@bench.example.com`;
export const uniqueHostname = (prefix: string) => `${prefix}-${unique()}.bench.example.com`;

export async function register(prefix: string): Promise<Account> {
  const username = uniqueUsername(prefix);
  const response = await expectStatus({ method: 'POST', path: '/auth/add-user', body: { username, password: benchPassword } }, 200, 'add-user');
  const info = response.json.results.user_info;
  return { userId: Number(info.user_id), globalId: String(info.global_id), username, password: benchPassword };
}

/** `sourceIp` matters for concurrent logins: at most LOGIN_FAILURE_LIMIT run per (username, IP). */
export async function login(account: Account, hostname?: string, sourceIp?: string): Promise<Session> {
  const response = await expectStatus(
    {
      method: 'POST',
      path: '/auth/login',
      sourceIp,
      headers: hostname ? { 'x-spaaza-myprice-app-hostname': hostname } : {},
      body: { username: account.username, password: account.password },
    },
    200,
    'login',
  );
  const info = response.json.results.session_info;
  const userId = Number(info.session_user_id);
  const sessionKey = String(info.session_key);
  return { userId, sessionKey, headers: { 'x-spaaza-session-user-id': String(userId), 'x-spaaza-session-key': sessionKey } };
}

export function basicAuth(appId: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${appId}:${secret}`).toString('base64')}` };
}

export async function createApp(admin: Session, name: string): Promise<App> {
  const hostname = uniqueHostname('app');
  const response = await expectStatus(
    { method: 'POST', path: '/api/developer/applications', headers: admin.headers, body: { name, hostnames: [hostname] } },
    201,
    'create application',
  );
  const { application, secretId, clientSecret } = response.json;
  return { appId: application.appId, hostname, secretId, clientSecret, basic: basicAuth(application.appId, clientSecret) };
}

export const statusPath = (app: App, globalId: string) => `/api/applications/${app.appId}/users/${globalId}/status`;

export async function setStatus(app: App, globalId: string, body: Record<string, unknown>): Promise<unknown> {
  const response = await expectStatus({ method: 'PATCH', path: statusPath(app, globalId), headers: app.basic, body }, 200, 'status PATCH');
  return response.json;
}

export async function member(app: App, prefix: string, sourceIp?: string): Promise<Member> {
  const account = await register(prefix);
  return { ...account, session: await login(account, app.hostname, sourceIp) };
}

/** Runs `task` for 0..count-1, `parallel` at a time (scrypt runs on libuv's pool). */
async function inParallel(count: number, parallel: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

export async function buildWorld(connectedUsers: number, redeemerCount = 3): Promise<World> {
  const ownerAccount = await register('owner');
  const admin = await login(ownerAccount);
  const app = await createApp(admin, 'Bench App');
  const [reader, switcher, renewer, revoker] = [
    await member(app, 'reader'),
    await member(app, 'switcher'),
    await member(app, 'renewer'),
    await member(app, 'revoker'),
  ];
  const redeemers: Member[] = [];
  for (let index = 0; index < redeemerCount; index += 1) redeemers.push(await member(app, `redeemer${index}`));
  const extra = Math.max(0, connectedUsers - 4 - redeemers.length);
  // Concurrent logins come from distinct addresses, as real members' would (login throttling is per IP).
  await inParallel(extra, 2, async (index) => {
    await member(app, `crowd${index}`, `10.0.${Math.floor(index / 256)}.${index % 256}`);
  });
  // Every member starts with a plan, as an app's users would.
  await setStatus(app, switcher.globalId, { status: 'BASIC' });
  await setStatus(app, renewer.globalId, { status: 'PRO' });
  const variantsPath = `/api/developer/applications/${app.appId}/licenses/variants`;
  const variant = await expectStatus({ method: 'POST', path: variantsPath, headers: admin.headers, body: { name: 'Bench Codes' } }, 201, 'create variant');
  const codeVariantId = String(variant.json.variant.variantId);
  await expectStatus(
    { method: 'POST', path: `/api/developer/applications/${app.appId}/licenses/codes`, headers: admin.headers, body: { variantId: codeVariantId, count: benchCodeCount } },
    201,
    'generate codes',
  );
  return { owner: { ...ownerAccount, admin }, app, reader, switcher, renewer, revoker, connections: 4 + redeemers.length + extra, redeemers, codeVariantId };
}
