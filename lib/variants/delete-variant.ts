import { tableName } from '../config.js';
import { keys } from '../db/keys.js';
import { transactWrite } from '../db/transactions.js';
import { SignetError } from '../errors.js';
import { loadOwnedVariant, sameVersion } from './load-owned.js';
import { variantHasActiveLicenses } from './repository.js';

const maxAttempts = 5;

/**
 * DELETE .../licenses/variants/:variantId: refused (409) while any license of the
 * variant is ACTIVE. The variant and its name claim go in one transaction; a grant
 * racing with it checks the claim in its own transaction, so it either commits
 * first (and is seen here, modulo gsi1's replication lag) or fails and re-reads.
 * EXPIRED licenses keep the variantId for their history.
 */
export async function deleteVariant(appId: string, variantId: string, ownerUserId: number): Promise<void> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const variant = await loadOwnedVariant(appId, variantId, ownerUserId);
    if (await variantHasActiveLicenses(variantId)) {
      throw new SignetError('conflict', 'This variant still has ACTIVE licenses; revoke or let them expire first');
    }
    const version = sameVersion(variant);
    const reasons = await transactWrite([
      {
        Delete: {
          TableName: tableName(),
          Key: keys.variant(appId, variantId),
          ConditionExpression: version.expression,
          ExpressionAttributeValues: Object.keys(version.values).length > 0 ? version.values : undefined,
        },
      },
      {
        Delete: {
          TableName: tableName(),
          Key: keys.variantNameClaim(appId, variant.name),
          ConditionExpression: 'variantId = :variantId',
          ExpressionAttributeValues: { ':variantId': variantId },
        },
      },
    ]);
    if (!reasons) return;
    // Renamed or deleted since it was read: read it again (a deleted one is then 404).
  }
  throw new SignetError('unavailable', 'The variant is being changed concurrently; retry shortly');
}
