import { randomBytes, randomUUID } from 'node:crypto';

/** License codes and ids: status sync issues them, and generated codes use the same alphabet (./codes.ts). */

/** No 0/O or 1/I: codes are read and typed by people. 32 symbols, so 5 unbiased random bits each. */
export const licenseCodeAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** 16 random symbols (80 bits) grouped as XXXX-XXXX-XXXX-XXXX. */
export function generateLicenseCode(): string {
  const bytes = randomBytes(16);
  const symbols = Array.from(bytes, (byte) => licenseCodeAlphabet[byte & 31]);
  return [0, 4, 8, 12].map((start) => symbols.slice(start, start + 4).join('')).join('-');
}

export const licenseCodePattern = /^[23456789A-HJ-NP-Z]{4}(-[23456789A-HJ-NP-Z]{4}){3}$/;

export function generateLicenseId(): string {
  return randomUUID();
}
