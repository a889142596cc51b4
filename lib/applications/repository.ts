import { readApplication, readApplicationWithSecrets, type ApplicationItem } from '../entities/application.js';
import type { ClientSecretItem } from '../entities/client-secret.js';
import { readApplicationCount, readOwnedApplicationIds } from '../entities/owned-application.js';
import { SignetError } from '../errors.js';
import { isAppId } from './ids.js';

/** Answered for an unknown app and for someone else's app alike (docs/api.md, Developer). */
export function applicationNotFound(): SignetError {
  return new SignetError('notFound', 'No such application');
}

export async function getApplication(appId: string): Promise<ApplicationItem | undefined> {
  if (!isAppId(appId)) return undefined;
  return readApplication(appId);
}

/** The app if `ownerUserId` owns it; otherwise `notFound`, the same answer as for an unknown app. */
export async function requireOwnedApplication(appId: string, ownerUserId: number): Promise<ApplicationItem> {
  const application = await getApplication(appId);
  if (!application || application.ownerUserId !== ownerUserId) throw applicationNotFound();
  return application;
}

/** Oldest first, so a list shows rotation order. */
export function sortSecrets(secrets: ClientSecretItem[]): ClientSecretItem[] {
  return [...secrets].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.secretId.localeCompare(b.secretId));
}

export interface ApplicationWithSecrets {
  application: ApplicationItem;
  secrets: ClientSecretItem[];
}

/** The application item and its active secrets in one Query. */
export async function getApplicationWithSecrets(appId: string): Promise<ApplicationWithSecrets | undefined> {
  if (!isAppId(appId)) return undefined;
  const found = await readApplicationWithSecrets(appId);
  return found && { application: found.application, secrets: sortSecrets(found.secrets) };
}

export async function requireOwnedApplicationWithSecrets(appId: string, ownerUserId: number): Promise<ApplicationWithSecrets> {
  const found = await getApplicationWithSecrets(appId);
  if (!found || found.application.ownerUserId !== ownerUserId) throw applicationNotFound();
  return found;
}

/** The appIds a user owns. */
export const listOwnedApplicationIds = readOwnedApplicationIds;

/** A developer's application counter as stored (undefined: no item yet), and how many apps they own. */
export interface OwnedApplicationCount {
  stored: number | undefined;
  owned: number;
}

/**
 * The owner's application counter, trusted when positive. A missing one (developers who
 * owned apps before the counter existed) or one at 0 or below (left by older code) is
 * counted from the owner's pointers, so the cap holds for existing data too; a developer
 * at 0 has no pointers to page.
 */
export async function readOwnedApplicationCount(ownerUserId: number): Promise<OwnedApplicationCount> {
  const stored = await readApplicationCount(ownerUserId);
  if (stored !== undefined && stored > 0) return { stored, owned: stored };
  return { stored, owned: (await readOwnedApplicationIds(ownerUserId)).length };
}
