import { z } from 'zod';
import { parseUserId } from '../sessions/session-key.js';
import { genderWords, normalizeGender } from '../users/gender.js';

/**
 * Zod pieces for /auth parameters. Form bodies carry every field as a string,
 * so booleans and numbers are accepted in their string forms too; an empty
 * optional field counts as not sent.
 */
const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
const emptyAsAbsent = (value: unknown) => {
  const result = trimmed(value);
  return result === '' || result === null ? undefined : result;
};

export const username = z.preprocess(
  trimmed,
  z.email({ error: (issue) => (issue.input === undefined ? 'Required' : 'username must be an e-mail address') }).max(254),
);

/** At login any non-empty string may be tried; a wrong one is simply a failed login. */
export const loginUsername = z.preprocess(trimmed, z.string().min(1, 'Required').max(254));

export const newPassword = z.string().min(8, 'password must have at least 8 characters').max(1024);
export const password = z.string().min(1, 'Required').max(1024);

export const optionalName = z.preprocess(emptyAsAbsent, z.string().max(100).optional()).transform((value) => value ?? null);

export const optionalGender = z
  .preprocess(emptyAsAbsent, z.string().optional())
  .transform((value, context) => {
    if (value === undefined) return null;
    const word = normalizeGender(value);
    if (word === undefined) {
      context.addIssue({ code: 'custom', message: `gender must be M, F or one of ${genderWords.join(', ')}` });
      return z.NEVER;
    }
    return word;
  });

function isPastCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getTime() <= Date.now() && value >= '1900-01-01';
}

export const optionalBirthday = z
  .preprocess(emptyAsAbsent, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'birthday must be YYYY-MM-DD').optional())
  .refine((value) => value === undefined || isPastCalendarDate(value), 'birthday must be a real date in the past')
  .transform((value) => value ?? null);

const booleanWords: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

export const optionalFlag = z
  .preprocess((value) => {
    const result = emptyAsAbsent(value);
    if (typeof result === 'string' && result.toLowerCase() in booleanWords) return booleanWords[result.toLowerCase()];
    if (result === 1 || result === 0) return result === 1;
    return result;
  }, z.boolean('must be true or false').optional())
  .transform((value) => value ?? false);

export const optionalUserId = z
  .preprocess(emptyAsAbsent, z.union([z.string(), z.number()]).optional())
  .transform((value, context) => {
    if (value === undefined) return undefined;
    const userId = parseUserId(String(value));
    if (userId === undefined) {
      context.addIssue({ code: 'custom', message: 'user_id must be a positive integer' });
      return z.NEVER;
    }
    return userId;
  });

export const sessionKey = z.preprocess(trimmed, z.string().min(1, 'Required').max(256));
