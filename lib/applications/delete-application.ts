import type { TransactItem } from '../db/operations.js';
import { applicationDelete, type ApplicationItem } from '../entities/application.js';
import { clientSecretDelete, type ClientSecretItem } from '../entities/client-secret.js';
import { hostnameClaimRelease } from '../entities/hostname-claim.js';
import { applicationCountDecrement, ownedApplicationDelete, readApplicationCount } from '../entities/owned-application.js';
import { runOptimistic } from '../db/optimistic.js';
import { hostnameEntriesOf } from './hostnames.js';
import { requireOwnedApplicationWithSecrets } from './repository.js';

/**
 * DELETE /api/developer/applications/:appId (docs/security.md, Hostname ownership), one transaction: the
 * app item (conditioned on ownership), the owner's pointer and count (only a
 * positive count is decremented: never below 0), every client
 * secret (so Basic auth fails once the credential cache entry ends) and the claims
 * of its verified hostnames (released; a member session, usable only with a
 * hostname naming its app, is then refused everywhere). Variants, connections
 * and licenses stay as unreachable history: no route reaches them without the app.
 */
export function deleteApplication(appId: string, ownerUserId: number): Promise<void> {
  // A secret created or retired meanwhile changes clientSecretCount: read again and delete what is there now.
  return runOptimistic({
    read: async () => {
      const [owned, storedCount] = await Promise.all([requireOwnedApplicationWithSecrets(appId, ownerUserId), readApplicationCount(ownerUserId)]);
      return { ...owned, storedCount };
    },
    plan: ({ application, secrets, storedCount }) => ({
      items: deletionWrites(appId, ownerUserId, application, secrets, storedCount),
      result: undefined,
    }),
  });
}

function deletionWrites(
  appId: string,
  ownerUserId: number,
  application: ApplicationItem,
  secrets: ClientSecretItem[],
  storedCount: number | undefined,
): TransactItem[] {
  const verified = hostnameEntriesOf(application).filter((entry) => entry.status === 'verified');
  return [
    applicationDelete(appId, ownerUserId, secrets.length),
    ownedApplicationDelete(ownerUserId, appId),
    // Never below 0: a missing (or non-positive) counter is left alone, create counts the pointers then.
    ...(storedCount !== undefined && storedCount > 0 ? [applicationCountDecrement(ownerUserId)] : []),
    ...secrets.map((secret) => clientSecretDelete(appId, secret.secretId, false)),
    ...verified.map(({ hostname }) => hostnameClaimRelease(hostname, appId)),
  ];
}
