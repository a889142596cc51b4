import type * as z from 'zod/mini';
import type { applicationViewSchema, clientSecretViewSchema, hostnameStatusViewSchema } from './response-schemas.js';
import type { ApplicationItem } from '../entities/application.js';
import type { ClientSecretItem } from '../entities/client-secret.js';
import { challengeRecordName, hostnameEntriesOf } from './hostnames.js';

/** Response shapes of the developer API (docs/api.md, Developer), typed by their documented schemas. A secret's value or hash never appears. */
export type ClientSecretView = z.output<typeof clientSecretViewSchema>;
export type ApplicationView = z.output<typeof applicationViewSchema>;

export type HostnameStatusView = z.output<typeof hostnameStatusViewSchema>;

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
    passwordResetUrl: application.passwordResetUrl ?? null,
    createdAt: application.createdAt,
    clientSecrets: secrets.map(clientSecretView),
  };
}
