import * as z from 'zod/mini';
import { parseUserId } from '../sessions/session-key.js';
import { genderWords, normalizeGender } from '../users/gender.js';
import { nowMs } from '../clock.js';
import { cleanTextChecks } from '../text/hygiene.js';

/**
 * zod/mini pieces for /auth parameters (mini keeps the bundles small). Form
 * bodies carry every field as a string, so booleans and numbers are accepted in
 * their string forms too; an empty optional field counts as not sent.
 */
/** The preprocessors below, exported for get-login-status's read-ahead, which must read parameters as its schema does. */
export const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
export const emptyAsAbsent = (value: unknown) => {
  const result = trimmed(value);
  return result === '' || result === null ? undefined : result;
};

/** zod's `preprocess`, which zod/mini spells as a pipe from a transform. */
export function preprocess<S extends z.core.$ZodType>(prepare: (value: unknown) => unknown, schema: S) {
  return z.pipe(z.transform(prepare), schema);
}

/** A transform step that may reject its value with a message. */
function convert<I, O>(apply: (value: I) => O | undefined, message: string) {
  return z.transform((value: I, context) => {
    const result = apply(value);
    if (result !== undefined) return result;
    context.issues.push({ code: 'custom', message, input: value });
    return z.NEVER;
  });
}

export const username = preprocess(
  trimmed,
  z.email({ error: (issue) => (issue.input === undefined ? 'Required' : 'username must be an e-mail address') }).check(z.maxLength(254)),
);

/** At login any non-empty string may be tried; a wrong one is simply a failed login. */
export const loginUsername = preprocess(trimmed, z.string().check(z.minLength(1, 'Required'), z.maxLength(254)));

export const newPassword = z.string().check(z.minLength(8, 'password must have at least 8 characters'), z.maxLength(1024));
export const password = z.string().check(z.minLength(1, 'Required'), z.maxLength(1024));

const orNull = <T>(value: T | undefined): T | null => value ?? null;

export const optionalName = z.pipe(preprocess(emptyAsAbsent, z.optional(z.string().check(...cleanTextChecks, z.maxLength(100)))), z.transform(orNull));

export const optionalGender = z.pipe(
  preprocess(emptyAsAbsent, z.optional(z.string())),
  convert((value: string | undefined) => (value === undefined ? null : normalizeGender(value)), `gender must be M, F or one of ${genderWords.join(', ')}`),
);

function isPastCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getTime() <= nowMs() && value >= '1900-01-01';
}

export const optionalBirthday = z.pipe(
  preprocess(emptyAsAbsent, z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'birthday must be YYYY-MM-DD')))).check(
    z.refine((value) => value === undefined || isPastCalendarDate(value), 'birthday must be a real date in the past'),
  ),
  z.transform(orNull),
);

/** A Map: `constructor` or `__proto__` must not find an inherited property (docs/security.md, Trust under abuse). */
const booleanWords: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

export const optionalFlag = z.pipe(
  preprocess((value) => {
    const result = emptyAsAbsent(value);
    const word = typeof result === 'string' ? booleanWords.get(result.toLowerCase()) : undefined;
    if (word !== undefined) return word;
    if (result === 1 || result === 0) return result === 1;
    return result;
  }, z.optional(z.boolean('must be true or false'))),
  z.transform((value) => value ?? false),
);

export const optionalUserId = z.pipe(
  preprocess(emptyAsAbsent, z.optional(z.union([z.string(), z.number()]))),
  z.transform((value, context) => {
    if (value === undefined) return undefined;
    const userId = parseUserId(String(value));
    if (userId !== undefined) return userId;
    context.issues.push({ code: 'custom', message: 'user_id must be a positive integer', input: value });
    return z.NEVER;
  }),
);

export const sessionKey = preprocess(trimmed, z.string().check(z.minLength(1, 'Required'), z.maxLength(256)));
