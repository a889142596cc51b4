import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';

/**
 * X-Spaaza-API-Version (docs/api.md, Sessions): absent means the oldest supported version;
 * older versions are served as the oldest, newer ones as the newest; anything
 * that is not `MAJOR.MINOR[.PATCH]` is a 400 invalid_api_version.
 */
export interface ApiVersion {
  major: number;
  minor: number;
  patch: number;
}

export const oldestApiVersion: ApiVersion = { major: 1, minor: 4, patch: 0 };
/** The newest version whose behaviour this service implements (the 1.4.10 gender vocabulary). */
export const newestApiVersion: ApiVersion = { major: 1, minor: 4, patch: 10 };

export const apiVersionHeader = 'x-spaaza-api-version';

export function compareVersions(a: ApiVersion, b: ApiVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(version: ApiVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

export function parseApiVersion(header: string | undefined): ApiVersion {
  if (header === undefined) return oldestApiVersion;
  const match = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$/.exec(header.trim());
  if (!match) throw new SignetError('invalidApiVersion', 'X-Spaaza-API-Version must look like 1.4.10');
  const requested = { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
  if (compareVersions(requested, oldestApiVersion) < 0) return oldestApiVersion;
  if (compareVersions(requested, newestApiVersion) > 0) return newestApiVersion;
  return requested;
}

export function apiVersionOf(request: HttpRequest): ApiVersion {
  return parseApiVersion(request.headers[apiVersionHeader]);
}

/** From 1.4.10 gender is answered as a word, before that as M/F/O. */
export function answersGenderWords(version: ApiVersion): boolean {
  return compareVersions(version, { major: 1, minor: 4, patch: 10 }) >= 0;
}
