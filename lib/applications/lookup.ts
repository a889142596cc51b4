import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { db } from '../db/client.js';
import type { HostnameClaimItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { isDnsHostname } from './hostnames.js';

/** The application a hostname names (hostnames are matched case-insensitively), or undefined. */
export async function findAppIdByHostname(hostname: string): Promise<string | undefined> {
  const normalized = hostname.trim().toLowerCase();
  if (!isDnsHostname(normalized)) return undefined; // names no app; an oversized key would be refused by DynamoDB
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: keys.hostnameClaim(normalized) }));
  return (Item as HostnameClaimItem | undefined)?.appId;
}
