import { config, tableName } from '../config.js';
import type { ApplicationItem, HostnameClaimItem, OwnedApplicationItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { conditionFailed, type TransactItem } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { now as clockNow } from '../clock.js';
import { SignetError } from '../errors.js';
import { newClientSecret } from './client-secrets.js';
import { newHostnameEntries } from './hostnames.js';
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
 * the app item, the owner's pointer, the secret, the owner's application count
 * (below MAX_APPLICATIONS_PER_OWNER, else 409) and one claim per *verified*
 * (reserved) hostname, every Put `attribute_not_exists`. Other hostnames are
 * pending and claim nothing until verified (verify-hostname.ts); they are only
 * checked to be unverified. A hostname verified for another app cancels the
 * whole write (409); of N concurrent creates claiming one reserved hostname
 * exactly one commits.
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
    const pointer: OwnedApplicationItem = { type: 'ownedApplication', appId, createdAt };
    const claim: HostnameClaimItem = { type: 'hostnameClaim', appId };
    const countIndex = 3;
    const hostnameIndexOffset = 4;
    const max = config().MAX_APPLICATIONS_PER_OWNER;
    return {
      items: [
        putNew({ ...keys.application(appId), ...application }),
        putNew({ ...keys.ownedApplication(ownerUserId, appId), ...pointer }),
        putNew({ ...secret }),
        {
          Update: {
            TableName: tableName(),
            Key: keys.applicationCountOfOwner(ownerUserId),
            UpdateExpression: 'SET #type = :type ADD applications :one',
            ConditionExpression: 'attribute_not_exists(applications) OR applications < :max',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':type': 'applicationCount', ':one': 1, ':max': max },
          },
        },
        // a reserved hostname is claimed now; any other must not be verified for another app yet
        ...hostnameStatus.map(({ hostname, status }): TransactItem =>
          status === 'verified'
            ? putNew({ ...keys.hostnameClaim(hostname), ...claim })
            : { ConditionCheck: { TableName: tableName(), Key: keys.hostnameClaim(hostname), ConditionExpression: 'attribute_not_exists(pk)' } },
        ),
      ],
      result: { application: applicationView(application, [secret]), secretId: secret.secretId, clientSecret },
      onConditionFailed: (reasons) => {
        if (conditionFailed(reasons, countIndex)) throw new SignetError('conflict', `The cap of ${max} apps per developer is reached; delete one first`);
        // Named by position, not by value: error bodies never repeat the request.
        const taken = input.hostnames.findIndex((_, index) => conditionFailed(reasons, index + hostnameIndexOffset));
        if (taken >= 0) throw new SignetError('conflict', `hostnames[${taken}] is already used by another application`);
        return 'retry'; // only a random id collided: try again with new ones
      },
    };
    },
  });
}
