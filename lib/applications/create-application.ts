import { tableName } from '../config.js';
import type { ApplicationItem, HostnameClaimItem, OwnedApplicationItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { conditionFailed, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { now as clockNow } from '../clock.js';
import { SignetError } from '../errors.js';
import { newClientSecret } from './client-secrets.js';
import { newAppId } from './ids.js';
import type { NewApplicationInput } from './schemas.js';
import { applicationView, type ApplicationView } from './views.js';

export interface CreatedApplication {
  application: ApplicationView;
  secretId: string;
  /** The only time the plain secret exists outside the caller's hands. */
  clientSecret: string;
}

const putNew = (item: Record<string, unknown>): TransactItem => ({
  Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * Creates an application with its first client secret in one TransactWriteItems:
 * the app item, the owner's pointer, the secret, and one claim per hostname, every
 * Put `attribute_not_exists`. A hostname another app holds cancels the whole
 * write (409); of N concurrent creates claiming one hostname exactly one commits.
 * `input` is already validated (newApplicationSchema).
 */
export function createApplication(ownerUserId: number, input: NewApplicationInput): Promise<CreatedApplication> {
  return runOptimistic({
    read: async () => undefined,
    plan: () => {
    const now = clockNow();
    const appId = newAppId();
    const createdAt = now.toISOString();
    const { clientSecret, item: secret } = newClientSecret(appId, now);
    const application: ApplicationItem = {
      type: 'application',
      appId,
      name: input.name,
      hostnames: input.hostnames,
      ownerUserId,
      createdAt,
      clientSecretCount: 1,
    };
    const pointer: OwnedApplicationItem = { type: 'ownedApplication', appId, createdAt };
    const claim: HostnameClaimItem = { type: 'hostnameClaim', appId };
    const hostnameIndexOffset = 3;
    return {
      items: [
        putNew({ ...keys.application(appId), ...application }),
        putNew({ ...keys.ownedApplication(ownerUserId, appId), ...pointer }),
        putNew({ ...secret }),
        ...input.hostnames.map((hostname) => putNew({ ...keys.hostnameClaim(hostname), ...claim })),
      ],
      result: { application: applicationView(application, [secret]), secretId: secret.secretId, clientSecret },
      onConditionFailed: (reasons) => {
        // Named by position, not by value: error bodies never repeat the request.
        const taken = input.hostnames.findIndex((_, index) => conditionFailed(reasons, index + hostnameIndexOffset));
        if (taken >= 0) throw new SignetError('conflict', `hostnames[${taken}] is already used by another application`);
        return 'retry'; // only a random id collided: try again with new ones
      },
    };
    },
  });
}
