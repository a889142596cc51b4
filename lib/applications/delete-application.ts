import { tableName } from '../config.js';
import type { ApplicationCountItem } from '../db/items.js';
import { keys } from '../db/keys.js';
import { get, type TransactItem } from '../db/operations.js';
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
      const [owned, counter] = await Promise.all([
        requireOwnedApplicationWithSecrets(appId, ownerUserId),
        get<ApplicationCountItem>(keys.applicationCountOfOwner(ownerUserId)),
      ]);
      return { ...owned, storedCount: counter?.applications };
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
  application: Awaited<ReturnType<typeof requireOwnedApplicationWithSecrets>>['application'],
  secrets: Awaited<ReturnType<typeof requireOwnedApplicationWithSecrets>>['secrets'],
  storedCount: number | undefined,
): TransactItem[] {
  const table = tableName();
  const verified = hostnameEntriesOf(application).filter((entry) => entry.status === 'verified');
  return [
    {
      Delete: {
        TableName: table,
        Key: keys.application(appId),
        ConditionExpression: 'ownerUserId = :owner AND clientSecretCount = :secrets',
        ExpressionAttributeValues: { ':owner': ownerUserId, ':secrets': secrets.length },
      },
    },
    { Delete: { TableName: table, Key: keys.ownedApplication(ownerUserId, appId) } },
    // Never below 0: a missing (or non-positive) counter is left alone, create counts the pointers then.
    ...(storedCount !== undefined && storedCount > 0
      ? [
          {
            Update: {
              TableName: table,
              Key: keys.applicationCountOfOwner(ownerUserId),
              UpdateExpression: 'ADD applications :minusOne',
              ConditionExpression: 'applications > :zero',
              ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
            },
          } satisfies TransactItem,
        ]
      : []),
    ...secrets.map((secret): TransactItem => ({ Delete: { TableName: table, Key: keys.clientSecret(appId, secret.secretId) } })),
    ...verified.map(
      ({ hostname }): TransactItem => ({
        Delete: {
          TableName: table,
          Key: keys.hostnameClaim(hostname),
          ConditionExpression: 'attribute_not_exists(pk) OR appId = :app',
          ExpressionAttributeValues: { ':app': appId },
        },
      }),
    ),
  ];
}
