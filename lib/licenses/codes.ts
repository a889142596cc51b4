import { createHmac } from 'node:crypto';
import { isUnexpired } from '../entities/connection.js';
import type { LicenseCodeItem } from '../entities/license-code.js';
import type { LicenseState } from '../entities/license.js';
import { licenseCodeAlphabet } from './identifiers.js';

/**
 * License-code rules. Generated codes use status sync's alphabet: 16 symbols of an
 * unambiguous 32-symbol alphabet (no 0/O, 1/I), 80 bits, as XXXX-XXXX-XXXX-XXXX.
 * A code is matched regardless of case, dashes and blanks: the key holds its normalized form.
 *
 * A generated batch is derived from one 256-bit random seed (HMAC-SHA256 of the code's
 * position), so a keyed retry that finds the seed its earlier attempt committed makes the
 * same codes, not a second batch (lib/licenses/generate-codes.ts). Without the seed the
 * codes are as unpredictable as random ones.
 */
const derived = (seed: string, label: string) => createHmac('sha256', Buffer.from(seed, 'hex')).update(label).digest();

export function seededCode(seed: string, index: number): string {
  const symbols = Array.from(derived(seed, `code#${index}`).subarray(0, 16), (byte) => licenseCodeAlphabet[byte & 31]);
  return [0, 4, 8, 12].map((start) => symbols.slice(start, start + 4).join('')).join('-');
}

/** A version-4-shaped UUID derived like the code. */
export function seededLicenseId(seed: string, index: number): string {
  const bytes = derived(seed, `id#${index}`).subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
