import { errorCatalog, type ErrorStyle } from './error-catalog.js';
import type { ErrorIssue, ErrorKind } from '../errors.js';
import type { HttpResponse } from './request.js';

/** Spaaza-style success envelope (docs/errors.md). */
export function spaazaOk(results: Record<string, unknown>): HttpResponse {
  return { statusCode: 200, body: { result: { code: 1, status: 'ok' }, results } };
}

/** `/api` success body; `ok: true` comes first. */
export function apiOk(body: Record<string, unknown>, statusCode = 200): HttpResponse {
  return { statusCode, body: { ok: true, ...body } };
}

/** Spaaza's own paths of the /auth routes (docs/api.md, account lifecycle aliases): they answer in its format too. */
const spaazaAliasPaths = new Set(['/internal/request-password-reset', '/internal/alter-user', '/delete-user']);

/** `/auth` paths (and Spaaza's aliases) answer in the Spaaza format, everything else in the `/api` format. */
export function errorStyleForPath(path: string): ErrorStyle {
  return path === '/auth' || path.startsWith('/auth/') || spaazaAliasPaths.has(path) ? 'auth' : 'api';
}

/**
 * What a 503 says about the request (docs/security.md, Faults): `not_applied` when no write had
 * been sent, `unknown` when one had (a retry with the same Idempotency-Key then
 * returns the real outcome exactly once).
 */
export type WriteOutcome = 'not_applied' | 'unknown';

export function errorBody(
  style: ErrorStyle,
  kind: ErrorKind,
  message?: string,
  issues?: ErrorIssue[],
  outcome?: WriteOutcome,
): Record<string, unknown> {
  const spec = errorCatalog[kind];
  const text = message ?? spec.message;
  const retry = kind === 'unavailable' ? { retryable: true, outcome: outcome ?? 'not_applied' } : {};
  if (style === 'auth') {
    const error: Record<string, unknown> = { code: spec.code, name: spec.spaazaName, description: text, ...retry };
    if (issues?.length) error.issues = issues;
    return { result: { code: 2, status: 'error' }, error };
  }
  const body: Record<string, unknown> = { ok: false, error: spec.api, message: text, ...retry };
  if (spec.api === 'invalid_request') body.issues = issues ?? [];
  return body;
}

export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};
