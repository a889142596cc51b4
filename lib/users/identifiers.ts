import { randomInt } from 'node:crypto';

/**
 * Random identifiers. Uniqueness comes from claim items written in the same
 * transaction as the user (attribute_not_exists); a collision retries with new
 * values, so there is no hot counter item.
 */
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `XX1234`: two upper-case letters and four digits (docs/api.md). */
export function randomGlobalId(): string {
  const letter = () => letters[randomInt(letters.length)];
  return `${letter()}${letter()}${String(randomInt(10_000)).padStart(4, '0')}`;
}

/** The numeric Spaaza `user_id`, 7 to 10 digits (within 1..9999999999). */
export function randomUserId(): number {
  return randomInt(1_000_000, 10_000_000_000);
}

/** The digits of `entity_code.code`. */
export function randomEntityCode(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

export const globalIdPattern = /^[A-Z]{2}[0-9]{4}$/;
