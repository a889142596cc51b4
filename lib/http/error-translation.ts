import { SignetError, type ErrorKind } from '../errors.js';

const transientDynamoErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TransactionConflictException',
  'LimitExceededException',
  'TimeoutError',
]);

const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Which named error an exception is. Anything unknown is `internal` (a 500 without detail). */
export function errorKindOf(error: unknown): ErrorKind {
  if (error instanceof SignetError) return error.kind;
  const candidate = (error ?? {}) as ErrorLike;
  const name = typeof candidate.name === 'string' ? candidate.name : '';
  // middy's JSON body parser raises http-errors: 422 for bad JSON, 415 for a wrong type.
  if (typeof candidate.statusCode === 'number' && candidate.statusCode < 500) {
    if (candidate.statusCode === 415) return 'unsupportedMediaType';
    if (candidate.statusCode === 413) return 'payloadTooLarge';
    return 'malformedBody';
  }
  if (transientDynamoErrors.has(name)) return 'unavailable';
  if (typeof candidate.code === 'string' && networkErrorCodes.has(candidate.code)) return 'unavailable';
  if ((candidate.$metadata?.httpStatusCode ?? 0) >= 500) return 'unavailable';
  return 'internal';
}
