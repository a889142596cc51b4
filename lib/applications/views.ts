import type { ApplicationItem, ClientSecretItem } from '../db/items.js';

/** Response shapes of the developer API (API.md §4). A secret's value or hash never appears. */
export interface ClientSecretView {
  secretId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ApplicationView {
  appId: string;
  name: string;
  hostnames: string[];
  createdAt: string;
  clientSecrets: ClientSecretView[];
}

export function clientSecretView(secret: ClientSecretItem): ClientSecretView {
  return { secretId: secret.secretId, createdAt: secret.createdAt, lastUsedAt: secret.lastUsedAt ?? null };
}

export function applicationView(application: ApplicationItem, secrets: ClientSecretItem[]): ApplicationView {
  return {
    appId: application.appId,
    name: application.name,
    hostnames: application.hostnames,
    createdAt: application.createdAt,
    clientSecrets: secrets.map(clientSecretView),
  };
}
