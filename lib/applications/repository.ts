import type { ApplicationCountItem, ApplicationItem, ClientSecretItem, OwnedApplicationItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { get } from '../db/operations.js';
import { queryAll, queryOf } from '../db/query.js';
import { SignetError } from '../errors.js';
import { isAppId } from './ids.js';

/** Answered for an unknown app and for someone else's app alike (docs/api.md, Developer). */
export function applicationNotFound(): SignetError {
  return new SignetError('notFound', 'No such application');
}

export async function getApplication(appId: string): Promise<ApplicationItem | undefined> {
  if (!isAppId(appId)) return undefined;
  const Item = await get<ApplicationItem>(keys.application(appId));
  return Item as ApplicationItem | undefined;
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

/** The application item and its active secrets in one Query (keys.applicationWithSecrets). */
export async function getApplicationWithSecrets(appId: string): Promise<ApplicationWithSecrets | undefined> {
  if (!isAppId(appId)) return undefined;
  const items = await queryAll<ApplicationItem | ClientSecretItem>(queryOf(keys.applicationWithSecrets(appId), { consistent: true }));
  const application = items.find((item): item is ApplicationItem => item.type === 'application');
  if (!application) return undefined;
  const secrets = items.filter((item): item is ClientSecretItem => item.type === 'clientSecret');
  return { application, secrets: sortSecrets(secrets) };
}

export async function requireOwnedApplicationWithSecrets(appId: string, ownerUserId: number): Promise<ApplicationWithSecrets> {
  const found = await getApplicationWithSecrets(appId);
  if (!found || found.application.ownerUserId !== ownerUserId) throw applicationNotFound();
  return found;
}

/** The appIds a user owns (keys.applicationsOfOwner). */
export async function listOwnedApplicationIds(ownerUserId: number): Promise<string[]> {
  const owned = await queryAll<Pick<OwnedApplicationItem, 'appId'>>(queryOf(keys.applicationsOfOwner(ownerUserId), { projection: 'appId' }));
  return owned.map((item) => item.appId);
}

/** A developer's application counter as stored (undefined: no item yet), and how many apps they own. */
export interface OwnedApplicationCount {
  stored: number | undefined;
  owned: number;
}

/**
 * The counter of keys.applicationCountOfOwner, trusted when positive. A missing one
 * (developers who owned apps before the counter existed) or one at 0 or below (left
 * by older code) is counted from the owner's pointers (keys.applicationsOfOwner), so
 * the cap holds for existing data too; a developer at 0 has no pointers to page.
 */
export async function readOwnedApplicationCount(ownerUserId: number): Promise<OwnedApplicationCount> {
  const item = await get<ApplicationCountItem>(keys.applicationCountOfOwner(ownerUserId));
  const stored = item?.applications;
  if (stored !== undefined && stored > 0) return { stored, owned: stored };
  return { stored, owned: (await listOwnedApplicationIds(ownerUserId)).length };
}
