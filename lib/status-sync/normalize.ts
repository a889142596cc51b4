import { invalidRequest, type ErrorIssue } from '../errors.js';
import type { LicenseDuration } from '../entities/license.js';
import { defaultExpiry, parseZonedTimestamp } from '../licenses/time.js';
import { identifierProblem } from '../text/hygiene.js';

/**
 * Pure interpretation of a status-sync PATCH body (docs/api.md, App backend): what change the app
 * backend asked for, with every field normalized and every rule of the contract applied.
 */

/** Normalized statuses that mean "revoke" (seed §3). */
export const revokeKeywords: ReadonlySet<string> = new Set(['FREE', 'NONE', 'INACTIVE', 'REVOKED']);

export const durations: readonly LicenseDuration[] = ['MONTH', 'YEAR', 'LIFETIME'];

export const maxStatusLength = 64;
export const maxVariantNameLength = 100;

/** The body fields, type-checked by the handler's schema but not yet interpreted. */
export interface StatusChangeInput {
  status?: string | null;
  variantName?: string | null;
  duration?: string | null;
  /** `null` means "no expiry"; absent means "from the duration". */
  expiresAt?: string | null;
  /** Form-encoded bodies carry the flag as text. */
  revoke?: boolean | 'true' | 'false' | null;
}

export type StatusChange =
  | { kind: 'revoke' }
  | {
      kind: 'grant';
      status: string;
      variantName: string;
      duration: LicenseDuration;
      /** ISO-8601 UTC with milliseconds, or null for no expiry. */
      expiresAt: string | null;
    };

/** `" pro plan "` -> `PRO_PLAN`: trimmed, upper-cased, inner white space to `_`. */
export function normalizeStatus(raw: string): string {
  return raw.normalize('NFC').trim().toUpperCase().replace(/\s+/g, '_');
}

export function isRevokeStatus(normalizedStatus: string): boolean {
  return revokeKeywords.has(normalizedStatus);
}

/** MONTH, YEAR or LIFETIME in any case (surrounding blanks ignored), else undefined. */
export function parseDuration(raw: string): LicenseDuration | undefined {
  const upper = raw.trim().toUpperCase();
  return durations.find((duration) => duration === upper);
}

function checkStatus(raw: string, issues: ErrorIssue[]): string | undefined {
  const status = normalizeStatus(raw);
  if (status.length === 0) issues.push({ path: 'status', message: 'status must not be empty' });
  else if (status.length > maxStatusLength) issues.push({ path: 'status', message: `status must be at most ${maxStatusLength} characters` });
  else if (identifierProblem(raw)) issues.push({ path: 'status', message: `status ${identifierProblem(raw)}` });
  else return status;
  return undefined;
}

function checkVariantName(raw: string, issues: ErrorIssue[]): string | undefined {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) issues.push({ path: 'variantName', message: 'variantName must not be empty' });
  else if (name.length > maxVariantNameLength) issues.push({ path: 'variantName', message: `variantName must be at most ${maxVariantNameLength} characters` });
  else if (identifierProblem(raw)) issues.push({ path: 'variantName', message: `variantName ${identifierProblem(raw)}` });
  else return name;
  return undefined;
}

function checkExpiresAt(raw: string, now: Date, issues: ErrorIssue[]): string | undefined {
  const parsed = parseZonedTimestamp(raw);
  if (parsed === 'malformed') {
    issues.push({ path: 'expiresAt', message: 'expiresAt must be an ISO-8601 timestamp such as 2026-11-21T10:00:00Z' });
  } else if (parsed === 'zoneless') {
    issues.push({ path: 'expiresAt', message: 'expiresAt must carry a time zone (Z or an offset such as +01:00)' });
  } else if (parsed.getTime() <= now.getTime()) {
    issues.push({ path: 'expiresAt', message: 'expiresAt must be in the future' });
  } else {
    return parsed.toISOString();
  }
  return undefined;
}

/**
 * Decides the change a body asks for, or throws a 400 listing every problem.
 * Every field sent is validated, also in a revoke (a wrong value is never silently ignored).
 */
export function interpretStatusChange(input: StatusChangeInput, now: Date): StatusChange {
  const issues: ErrorIssue[] = [];
  const revokeFlag = input.revoke === true || input.revoke === 'true';

  // A status sent with revoke is checked too (docs/security.md, Trust under abuse: every text field), though revoke decides.
  let status: string | undefined;
  if (typeof input.status === 'string') status = checkStatus(input.status, issues);
  else if (!revokeFlag) issues.push({ path: 'status', message: 'Required unless revoke is true' });

  const variantName = typeof input.variantName === 'string' ? checkVariantName(input.variantName, issues) : undefined;

  let duration: LicenseDuration = 'LIFETIME';
  if (typeof input.duration === 'string') {
    const parsed = parseDuration(input.duration);
    if (parsed) duration = parsed;
    else issues.push({ path: 'duration', message: 'duration must be MONTH, YEAR or LIFETIME' });
  }

  let explicitExpiry: string | undefined;
  if (typeof input.expiresAt === 'string') explicitExpiry = checkExpiresAt(input.expiresAt, now, issues);

  if (issues.length > 0) throw invalidRequest(issues);
  if (revokeFlag || (status !== undefined && isRevokeStatus(status))) return { kind: 'revoke' };
  if (status === undefined) throw invalidRequest([{ path: 'status', message: 'Required unless revoke is true' }]);

  const expiresAt = input.expiresAt === null ? null : (explicitExpiry ?? defaultExpiry(duration, now));
  return { kind: 'grant', status, variantName: variantName ?? status, duration, expiresAt };
}
