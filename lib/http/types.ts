import type { APIGatewayProxyResult } from 'aws-lambda';
import type { IdempotencyAttempt } from '../request-context.js';
import type { ProxyEvent } from './request.js';

/** What the Idempotency-Key claim found (lib/http/idempotency.ts). */
export type IdempotencyStep = { kind: 'none' } | { kind: 'claimed'; attempt: IdempotencyAttempt } | { kind: 'replay'; response: APIGatewayProxyResult };

/**
 * The Idempotency-Key step (lib/http/idempotency.ts `idempotencySteps`). Passed to
 * createHandler rather than imported by it, so a function that takes no key (health, the
 * fallback) bundles no DynamoDB client.
 */
export interface IdempotencySteps {
  claim(event: ProxyEvent, rawBody: string, identity: unknown): Promise<IdempotencyStep>;
  finish(attempt: IdempotencyAttempt, response: APIGatewayProxyResult): Promise<void>;
}
