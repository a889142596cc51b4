import type { ErrorKind } from '../errors.js';

/** The two error body formats of docs/errors.md: `/api` routes and Spaaza-style `/auth` routes. */
export type ErrorStyle = 'api' | 'auth';

export type ApiErrorCode =
  | 'unauthorized'
  | 'invalid_client'
  | 'forbidden'
  | 'invalid_request'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'idempotency_key_reused'
  | 'unavailable'
  | 'internal_error';

export interface ErrorSpec {
  status: number;
  /** `error` of the `/api` body. */
  api: ApiErrorCode;
  /** Spaaza-style `error.code` / `error.name` of the `/auth` body (docs/errors.md). */
  code: number;
  spaazaName: string;
  /** Default human-readable text; never carries request data. */
  message: string;
}

/** Every named error, mapped once. docs/errors.md mirrors this table. */
export const errorCatalog: Record<ErrorKind, ErrorSpec> = {
  routeNotFound: { status: 404, api: 'not_found', code: 1001, spaazaName: 'api_call_not_found', message: 'No such endpoint' },
  methodNotAllowed: { status: 405, api: 'method_not_allowed', code: 4, spaazaName: 'http_request_method_not_allowed', message: 'This endpoint does not accept that HTTP method' },
  unsupportedMediaType: { status: 415, api: 'unsupported_media_type', code: 1009, spaazaName: 'unsupported_media_type', message: 'Send application/json or application/x-www-form-urlencoded' },
  payloadTooLarge: { status: 413, api: 'payload_too_large', code: 1010, spaazaName: 'payload_too_large', message: 'The request body is too large' },
  headersTooLarge: { status: 431, api: 'invalid_request', code: 1019, spaazaName: 'headers_too_large', message: 'The request headers are too large' },
  malformedBody: { status: 400, api: 'invalid_request', code: 1011, spaazaName: 'malformed_body', message: 'The request body could not be parsed' },
  missingParameter: { status: 400, api: 'invalid_request', code: 1002, spaazaName: 'missing_parameter', message: 'A mandatory parameter is missing' },
  invalidParameter: { status: 400, api: 'invalid_request', code: 1003, spaazaName: 'invalid_parameter', message: 'A parameter has an invalid value' },
  invalidApiVersion: { status: 400, api: 'invalid_request', code: 1004, spaazaName: 'invalid_api_version', message: 'X-Spaaza-API-Version is not a valid version' },
  noValidSession: { status: 401, api: 'unauthorized', code: 6, spaazaName: 'no_valid_session', message: 'There is no valid session' },
  noMyPriceApp: { status: 400, api: 'invalid_request', code: 269, spaazaName: 'no_myprice_app', message: 'No app is known by that hostname; a hostname pending verification names no app until it is verified' },
  usernameTaken: { status: 409, api: 'conflict', code: 1005, spaazaName: 'username_taken', message: 'That username is already registered' },
  loginFailed: { status: 401, api: 'unauthorized', code: 1006, spaazaName: 'login_failed', message: 'Username or password is incorrect' },
  loginThrottled: { status: 429, api: 'rate_limited', code: 1007, spaazaName: 'login_throttled', message: 'Too many failed logins; try again later' },
  developerAccessRequired: {
    status: 403,
    api: 'forbidden',
    code: 1024,
    spaazaName: 'developer_access_required',
    message:
      'This account has no developer access. An existing developer can invite it (POST /api/developer/invitations), or the operator can run `signet create-admin`. To sign in to an app, send its hostname header.',
  },
  invalidFacebookToken: { status: 401, api: 'unauthorized', code: 1008, spaazaName: 'invalid_facebook_token', message: 'The Facebook access token is not valid' },
  invalidResetToken: { status: 400, api: 'invalid_request', code: 1021, spaazaName: 'invalid_reset_token', message: 'This password reset link is not valid (unknown, used, expired or replaced by a newer one)' },
  wrongPassword: { status: 403, api: 'forbidden', code: 1022, spaazaName: 'wrong_password', message: 'The password is incorrect' },
  ownsApplications: { status: 409, api: 'conflict', code: 1023, spaazaName: 'owns_applications', message: 'This account owns applications; delete them before deleting the account' },
  unauthorized: { status: 401, api: 'unauthorized', code: 6, spaazaName: 'no_valid_session', message: 'Authentication is required' },
  invalidClient: { status: 401, api: 'invalid_client', code: 6, spaazaName: 'no_valid_session', message: 'Client authentication failed' },
  forbidden: { status: 403, api: 'forbidden', code: 1014, spaazaName: 'forbidden', message: 'These credentials may not act on this resource' },
  notFound: { status: 404, api: 'not_found', code: 1015, spaazaName: 'not_found', message: 'Not found' },
  conflict: { status: 409, api: 'conflict', code: 1016, spaazaName: 'conflict', message: 'The request conflicts with the current state' },
  idempotencyKeyReused: { status: 422, api: 'idempotency_key_reused', code: 1018, spaazaName: 'idempotency_key_reused', message: 'This Idempotency-Key was used with a different request' },
  hostnameNotVerified: { status: 409, api: 'conflict', code: 1020, spaazaName: 'hostname_not_verified', message: 'The hostname verification record was not found' },
  rateLimited: { status: 429, api: 'rate_limited', code: 1017, spaazaName: 'rate_limited', message: 'Too many requests; try again later' },
  unavailable: { status: 503, api: 'unavailable', code: 1012, spaazaName: 'service_unavailable', message: 'The service is temporarily unavailable; retry shortly' },
  internal: { status: 500, api: 'internal_error', code: 1013, spaazaName: 'internal_error', message: 'Internal error' },
};
