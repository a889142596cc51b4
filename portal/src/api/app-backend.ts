import { call, send, type RawResponse } from './client';
import type { CurrentStatusBody } from './types';

/**
 * Calls of the app-backend API (docs/api.md, App backend) made with a client secret the developer
 * pasted. The secret lives only in the caller's component state: it is never put
 * in any storage, cookie or URL, and these calls send no session cookie.
 */
export interface StatusPatch {
  status?: string;
  variantName?: string;
  duration?: string;
  revoke?: boolean;
}

const statusPath = (appId: string, globalId: string) =>
  `/api/applications/${encodeURIComponent(appId)}/users/${encodeURIComponent(globalId)}/status`;

const basic = (appId: string, secret: string) => `Basic ${btoa(`${appId}:${secret}`)}`;

export function statusUrl(appId: string, globalId: string): string {
  return new URL(statusPath(appId, globalId), window.location.origin).href;
}

export function patchStatus(appId: string, globalId: string, secret: string, body: StatusPatch): Promise<RawResponse> {
  return send('PATCH', statusPath(appId, globalId), { anonymous: true, headers: { Authorization: basic(appId, secret) }, body });
}

export function getStatus(appId: string, globalId: string, secret: string): Promise<CurrentStatusBody> {
  return call<CurrentStatusBody>('GET', statusPath(appId, globalId), { anonymous: true, headers: { Authorization: basic(appId, secret) } });
}

/** The request as a shell command; the secret stays in an environment variable. */
export function asCurl(appId: string, globalId: string, body: StatusPatch): string {
  return [
    `curl -X PATCH '${statusUrl(appId, globalId)}' \\`,
    `  -u "${appId}:$SIGNET_CLIENT_SECRET" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify(body).replace(/'/g, `'\\''`)}'`,
  ].join('\n');
}

/** The request as JavaScript `fetch`; the secret is read from a variable. */
export function asFetch(appId: string, globalId: string, body: StatusPatch): string {
  return [
    `// SIGNET_CLIENT_SECRET: this application's client secret, from your server's configuration`,
    `const response = await fetch('${statusUrl(appId, globalId)}', {`,
    `  method: 'PATCH',`,
    `  headers: {`,
    `    Authorization: 'Basic ' + btoa('${appId}:' + SIGNET_CLIENT_SECRET),`,
    `    'Content-Type': 'application/json',`,
    `  },`,
    `  body: JSON.stringify(${JSON.stringify(body)}),`,
    `});`,
  ].join('\n');
}
