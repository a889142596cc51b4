import { listOwnedApplicationIds, getApplicationWithSecrets, requireOwnedApplicationWithSecrets } from './repository.js';
import { applicationView, type ApplicationView } from './views.js';

/** GET /api/developer/applications/:appId: one Query for the app and its secrets. */
export async function getOwnedApplication(appId: string, ownerUserId: number): Promise<ApplicationView> {
  const { application, secrets } = await requireOwnedApplicationWithSecrets(appId, ownerUserId);
  return applicationView(application, secrets);
}

/** How many apps are read at once; a developer owns few, this only bounds a large account. */
const readConcurrency = 10;

/**
 * GET /api/developer/applications: the owner's pointers (one Query), then each
 * app with its secrets (one Query each, in parallel), oldest first.
 */
export async function listOwnedApplications(ownerUserId: number): Promise<ApplicationView[]> {
  const appIds = await listOwnedApplicationIds(ownerUserId);
  const views: ApplicationView[] = [];
  for (let start = 0; start < appIds.length; start += readConcurrency) {
    const batch = await Promise.all(appIds.slice(start, start + readConcurrency).map(getApplicationWithSecrets));
    for (const found of batch) {
      if (found && found.application.ownerUserId === ownerUserId) views.push(applicationView(found.application, found.secrets));
    }
  }
  return views.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.appId.localeCompare(b.appId));
}
