/**
 * Named domain errors. Use cases throw these by name; the handler factory maps
 * each name to an HTTP status and to both contract body formats in one place
 * (lib/http/error-catalog.ts). Nothing outside that file knows a status code.
 */
export type ErrorKind =
  // request shape (raised by the handler factory)
  | 'routeNotFound'
  | 'methodNotAllowed'
  | 'unsupportedMediaType'
  | 'payloadTooLarge'
  | 'headersTooLarge'
  | 'malformedBody'
  | 'missingParameter'
  | 'invalidParameter'
  | 'invalidApiVersion'
  // sessions and accounts (/auth)
  | 'noValidSession'
  | 'noMyPriceApp'
  | 'usernameTaken'
  | 'loginFailed'
  | 'loginThrottled'
  | 'invalidFacebookToken'
  | 'developerAccessRequired'
  // account lifecycle (docs/api.md, account lifecycle)
  | 'invalidResetToken'
  | 'wrongPassword'
  | 'ownsApplications'
  // developer and app-backend API (/api)
  | 'unauthorized'
  | 'invalidClient'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'hostnameNotVerified'
  | 'rateLimited'
  | 'idempotencyKeyReused'
  // infrastructure
  | 'unavailable'
  | 'internal';

export interface ErrorIssue {
  path: string;
  message: string;
}

export class SignetError extends Error {
  override readonly name = 'SignetError';

  constructor(
    readonly kind: ErrorKind,
    message?: string,
    readonly options: { issues?: ErrorIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message ?? kind);
  }
}

/** Convenience for validation failures that carry field-level issues. */
export function invalidRequest(issues: ErrorIssue[], message = 'The request is invalid'): SignetError {
  const missing = issues.length > 0 && issues.every((issue) => /required/i.test(issue.message));
  return new SignetError(missing ? 'missingParameter' : 'invalidParameter', message, { issues });
}
