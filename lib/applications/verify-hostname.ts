import { hostnameVerifiedUpdate } from '../entities/application.js';
import { hostnameClaimVerifiedPut } from '../entities/hostname-claim.js';
import { conditionFailed } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { SignetError } from '../errors.js';
import { publishedTxtValues } from './dns-challenge.js';
import { challengeRecordName, hostnameEntriesOf, normalizeHostname } from './hostnames.js';
import { requireOwnedApplicationWithSecrets } from './repository.js';
import { applicationView, type ApplicationView } from './views.js';

/**
 * POST /api/developer/applications/:appId/hostnames/:hostname/verify (docs/security.md, Hostname ownership):
 * when `_signet-challenge.<hostname>` carries the app's challenge, the hostname's
 * claim is written (first to verify wins: a claim of another app is 409) and its
 * status set to verified, in one transaction conditioned on ownership.
 */
export function verifyHostname(appId: string, rawHostname: string, ownerUserId: number): Promise<ApplicationView> {
  const hostname = normalizeHostname(rawHostname);
  return runOptimistic({
    read: () => requireOwnedApplicationWithSecrets(appId, ownerUserId),
    plan: async ({ application, secrets }) => {
      const entries = hostnameEntriesOf(application);
      const index = entries.findIndex((entry) => entry.hostname === hostname);
      const entry = entries[index];
      if (!hostname || !entry) throw new SignetError('notFound', 'The application has no such hostname');
      if (entry.status === 'verified') return { items: [], result: applicationView(application, secrets) };

      const published = await publishedTxtValues(challengeRecordName(hostname));
      if (!entry.challenge || !published.includes(entry.challenge)) {
        throw new SignetError('hostnameNotVerified', `The TXT record ${challengeRecordName(hostname)} does not carry this application's challenge yet`);
      }
      const verified = entries.map((item, position) => (position === index ? { hostname, status: 'verified' as const, challenge: null } : item));
      return {
        items: [hostnameClaimVerifiedPut(hostname, appId), hostnameVerifiedUpdate(appId, ownerUserId, index, hostname)],
        result: applicationView({ ...application, hostnameStatus: verified }, secrets),
        onConditionFailed: (reasons) => {
          if (conditionFailed(reasons, 0)) throw new SignetError('conflict', 'The hostname is already verified for another application');
          return 'retry'; // the application changed (or went): read it again
        },
      };
    },
  });
}
