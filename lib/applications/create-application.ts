import { config } from '../config.js';
import { conditionFailed, type TransactItem } from '../db/operations.js';
import { applicationPut, type ApplicationItem } from '../entities/application.js';
import { clientSecretPut } from '../entities/client-secret.js';
import { hostnameClaimPut, hostnameUnclaimedCheck } from '../entities/hostname-claim.js';
import { applicationCountIncrement, applicationCountPut, ownedApplicationPut } from '../entities/owned-application.js';
import { runOptimistic } from '../db/optimistic.js';
import { now as clockNow } from '../clock.js';
import { SignetError } from '../errors.js';
import { newClientSecret } from './client-secrets.js';
import { clientSecretPepper } from '../secrets/pepper.js';
import { newHostnameEntries } from './hostnames.js';
import { newAppId } from './ids.js';
import { readOwnedApplicationCount, type OwnedApplicationCount } from './repository.js';
import type { NewApplicationInput } from './schemas.js';
import { applicationView, type ApplicationView } from './views.js';

export interface CreatedApplication {
  application: ApplicationView;
  secretId: string;
  /** The only time the plain secret exists outside the caller's hands. */
  clientSecret: string;
}

/**
 * Creates an application with its first client secret in one TransactWriteItems:
 * the app item, the owner's pointer, the secret, the owner's application count
 * (below MAX_APPLICATIONS_PER_OWNER, else 409; read first, and counted from the
 * owner's pointers when it is missing, see readOwnedApplicationCount) and one claim per *verified*
 * (reserved) hostname, every Put `attribute_not_exists`. Other hostnames are
 * pending and claim nothing until verified (verify-hostname.ts); they are only
 * checked to be unverified. A hostname verified for another app cancels the
 * whole write (409); of N concurrent creates claiming one reserved hostname
 * exactly one commits.
 * `input` is already validated (newApplicationSchema).
 */
const capReached = (max: number) => new SignetError('conflict', `The cap of ${max} apps per developer is reached; delete one first`);

/**
 * One more application on the owner's counter: a trusted (positive) counter is
 * incremented below the cap; otherwise it is written from the counted pointers,
 * conditioned on still being what was read (absent, or the value read).
 */
function countWrite(ownerUserId: number, count: OwnedApplicationCount, max: number): TransactItem {
  return count.stored === count.owned ? applicationCountIncrement(ownerUserId, max) : applicationCountPut(ownerUserId, count.owned + 1, count.stored);
}

export async function createApplication(ownerUserId: number, input: NewApplicationInput): Promise<CreatedApplication> {
  const pepper = await clientSecretPepper();
  return runOptimistic({
    read: () => readOwnedApplicationCount(ownerUserId),
    plan: (count) => {
    const now = clockNow();
    const appId = newAppId();
    const createdAt = now.toISOString();
    const { clientSecret, item: secret } = newClientSecret(appId, now, pepper);
    const hostnameStatus = newHostnameEntries(input.hostnames);
    const application: ApplicationItem = {
      type: 'application',
      appId,
      name: input.name,
      hostnames: input.hostnames,
      hostnameStatus,
      ownerUserId,
      createdAt,
      clientSecretCount: 1,
    };
    const countIndex = 3;
    const hostnameIndexOffset = 4;
    const max = config().MAX_APPLICATIONS_PER_OWNER;
    if (count.owned >= max) throw capReached(max);
    return {
      items: [
        applicationPut(application),
        ownedApplicationPut(ownerUserId, appId, createdAt),
        clientSecretPut(secret),
        countWrite(ownerUserId, count, max),
        // a reserved hostname is claimed now; any other must not be verified for another app yet
        ...hostnameStatus.map(({ hostname, status }) => (status === 'verified' ? hostnameClaimPut(hostname, appId) : hostnameUnclaimedCheck(hostname))),
      ],
      result: { application: applicationView(application, [secret]), secretId: secret.secretId, clientSecret },
      onConditionFailed: (reasons) => {
        // a trusted counter refused the one more; a counter being initialized changed under us: count again
        if (conditionFailed(reasons, countIndex) && count.stored === count.owned) throw capReached(max);
        // Named by position, not by value: error bodies never repeat the request.
        const taken = input.hostnames.findIndex((_, index) => conditionFailed(reasons, index + hostnameIndexOffset));
        if (taken >= 0) throw new SignetError('conflict', `hostnames[${taken}] is already used by another application`);
        return 'retry'; // only a random id collided: try again with new ones
      },
    };
    },
  });
}
