import type { ApplicationItem, ClientSecretItem } from '../db/items.js';
import { challengeRecordName, hostnameEntriesOf, type HostnameState } from './hostnames.js';

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
  /** API.md §7.4: the TXT record to publish while a hostname is pending, null once verified. */
  hostnameStatus: HostnameStatusView[];
  createdAt: string;
  clientSecrets: ClientSecretView[];
}

export interface HostnameStatusView {
  hostname: string;
  status: HostnameState;
  record: { type: 'TXT'; name: string; value: string } | null;
}

export function hostnameStatusView(application: ApplicationItem): HostnameStatusView[] {
  return hostnameEntriesOf(application).map(({ hostname, status, challenge }) => ({
    hostname,
    status,
    record: status === 'pending' && challenge ? { type: 'TXT', name: challengeRecordName(hostname), value: challenge } : null,
  }));
}

export function clientSecretView(secret: ClientSecretItem): ClientSecretView {
  return { secretId: secret.secretId, createdAt: secret.createdAt, lastUsedAt: secret.lastUsedAt ?? null };
}

export function applicationView(application: ApplicationItem, secrets: ClientSecretItem[]): ApplicationView {
  return {
    appId: application.appId,
    name: application.name,
    hostnames: application.hostnames,
    hostnameStatus: hostnameStatusView(application),
    createdAt: application.createdAt,
    clientSecrets: secrets.map(clientSecretView),
  };
}
