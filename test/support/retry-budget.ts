import { dynamoRetryStrategy } from '../../lib/db/client.js';

/**
 * Back to a full retry budget, as in a new container (tests run many faults through one
 * client): a success refunds its token's cost, capped at the budget, through the SDK's
 * own retry-strategy interface.
 */
export function refillRetryBudget(): void {
  const full = dynamoRetryStrategy.policy.retryBudget;
  dynamoRetryStrategy.recordSuccess({ getRetryCount: () => 0, getRetryDelay: () => 0, getRetryCost: () => full } as never);
}
