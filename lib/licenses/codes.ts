import type { LicenseCodeItem, LicenseState, RedeemedLicenseSummary } from '../db/items.js';
import { generateLicenseCode } from '../status-sync/identifiers.js';
import { isUnexpired } from '../status-sync/normalize.js';

/**
 * License-code rules. Generated codes reuse status sync's generator: 16 symbols of an
 * unambiguous 32-symbol alphabet (no 0/O, 1/I), 80 random bits, as XXXX-XXXX-XXXX-XXXX.
 * A code is matched regardless of case, dashes and blanks: the key holds its normalized form.
 */
export const generateCode = generateLicenseCode;

/** Imported codes: 8..64 letters or digits once dashes and blanks are removed. */
export const minImportedCodeLength = 8;
export const maxCodeLength = 64;
const normalizedPattern = new RegExp(`^[A-Z0-9]{1,${maxCodeLength}}$`);

/** Upper case without dashes or white space; undefined when what is left cannot be a code. */
export function normalizeCode(raw: string): string | undefined {
  const normalized = raw.replace(/[\s-]+/g, '').toUpperCase();
  return normalizedPattern.test(normalized) ? normalized : undefined;
}

/** The state a code reads as at `now`: past its expiry it is EXPIRED, whatever is stored. */
export function codeState(code: Pick<LicenseCodeItem, 'state' | 'expiresAt'>, at: Date): LicenseState {
  if (code.state === 'EXPIRED') return 'EXPIRED';
  return isUnexpired(code.expiresAt, at) ? code.state : 'EXPIRED';
}

/** A connection's redeemed licenses that are still ACTIVE at `at`. */
export function activeRedeemedLicenses(connection: { redeemedLicenses?: RedeemedLicenseSummary[] }, at: Date): RedeemedLicenseSummary[] {
  return (connection.redeemedLicenses ?? []).filter((license) => isUnexpired(license.expiresAt, at));
}
