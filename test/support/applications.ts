import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../lib/db/table-name.js';
import { db } from '../../lib/db/client.js';
import type { HostnameClaimItem } from '../../lib/entities/hostname-claim.js';
import { keys } from '../../lib/entities/keys.js';
import { api, basicAuth } from './api.js';

/**
 * Application helpers for integration tests: create an app (with its first client
 * secret) through the real developer API. Other test files depend on this signature.
 */
export interface CreatedTestApplication {
  appId: string;
  /** The plain secret, for Basic auth (`appId:clientSecret`). */
  clientSecret: string;
  secretId: string;
  /** The first hostname: send it as X-Spaaza-MyPrice-App-Hostname to log members in. */
  hostname: string;
}

/** A hostname no other test uses. */
export function uniqueHostname(prefix = 'app'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}.example.com`;
}

/** POST /api/developer/applications as the admin whose session headers are given. */
export async function createApplication(
  adminHeaders: Record<string, string>,
  options: { hostnames?: string[]; name?: string } = {},
): Promise<CreatedTestApplication> {
  const hostnames = options.hostnames ?? [uniqueHostname()];
  const response = await api('POST', '/api/developer/applications', {
    headers: adminHeaders,
    body: { name: options.name ?? 'Test application', hostnames },
  });
  if (response.status !== 201) {
    throw new Error(`create application failed: ${response.status} ${JSON.stringify(response.json)}`);
  }
  const { application, secretId, clientSecret } = response.json;
  return { appId: application.appId, clientSecret, secretId, hostname: application.hostnames[0] };
}

export { basicAuth };

/** The appId a hostname's claim item names, read straight from the table (test checks only). */
export async function appIdClaimedBy(hostname: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.hostnameClaim(hostname.trim().toLowerCase()) }));
  return (Item as HostnameClaimItem | undefined)?.appId;
}
