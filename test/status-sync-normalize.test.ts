import { SignetError } from '../lib/errors.js';
import { parseBasicAuthorization } from '../lib/app-auth/parse-basic.js';
import { isUnexpired } from '../lib/entities/connection.js';
import { historyEntryId } from '../lib/entities/status-history.js';
import { generateLicenseCode, licenseCodePattern } from '../lib/licenses/identifiers.js';
import {
  interpretStatusChange,
  normalizeStatus,
  parseDuration,
  type StatusChangeInput,
} from '../lib/status-sync/normalize.js';
import { addCalendarMonths, defaultExpiry, parseZonedTimestamp } from '../lib/licenses/time.js';

const now = new Date('2026-01-31T10:00:00.000Z');

function rejection(input: StatusChangeInput): SignetError {
  try {
    interpretStatusChange(input, now);
  } catch (error) {
    if (error instanceof SignetError) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('status normalization', () => {
  it('trims, upper-cases and joins inner white space with _', () => {
    expect(normalizeStatus(' pro plan ')).toBe('PRO_PLAN');
    expect(normalizeStatus('premium')).toBe('PREMIUM');
    expect(normalizeStatus('a \t b\n c')).toBe('A_B_C');
    expect(normalizeStatus('   ')).toBe('');
  });

  it('reads durations case-insensitively', () => {
    expect(parseDuration('month')).toBe('MONTH');
    expect(parseDuration(' Year ')).toBe('YEAR');
    expect(parseDuration('LIFETIME')).toBe('LIFETIME');
    expect(parseDuration('WEEK')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});

describe('calendar expiry', () => {
  it('adds calendar months and clamps the day', () => {
    expect(addCalendarMonths(now, 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addCalendarMonths(new Date('2028-01-31T00:00:00.000Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addCalendarMonths(new Date('2026-12-15T23:59:59.999Z'), 1).toISOString()).toBe('2027-01-15T23:59:59.999Z');
    expect(addCalendarMonths(new Date('2028-02-29T12:00:00.000Z'), 12).toISOString()).toBe('2029-02-28T12:00:00.000Z');
  });

  it('derives the default expiry from the duration', () => {
    expect(defaultExpiry('MONTH', now)).toBe('2026-02-28T10:00:00.000Z');
    expect(defaultExpiry('YEAR', now)).toBe('2027-01-31T10:00:00.000Z');
    expect(defaultExpiry('LIFETIME', now)).toBeNull();
  });

  it('treats a passed expiry as not active and no expiry as active', () => {
    expect(isUnexpired(null, now)).toBe(true);
    expect(isUnexpired('2026-01-31T10:00:00.001Z', now)).toBe(true);
    expect(isUnexpired('2026-01-31T10:00:00.000Z', now)).toBe(false);
  });
});

describe('timestamp parsing', () => {
  it('accepts ISO-8601 with Z or an offset and converts to UTC', () => {
    expect((parseZonedTimestamp('2026-11-21T10:00:00Z') as Date).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect((parseZonedTimestamp('2026-11-21T10:00:00.5+01:00') as Date).toISOString()).toBe('2026-11-21T09:00:00.500Z');
    expect((parseZonedTimestamp('2026-11-21T10:00-0230') as Date).toISOString()).toBe('2026-11-21T12:30:00.000Z');
    expect((parseZonedTimestamp('2026-11-21T10:00:00.123456789Z') as Date).toISOString()).toBe('2026-11-21T10:00:00.123Z');
  });

  it('tells zoneless from malformed', () => {
    expect(parseZonedTimestamp('2026-11-21T10:00:00')).toBe('zoneless');
    expect(parseZonedTimestamp('2026-11-21')).toBe('zoneless');
    expect(parseZonedTimestamp('2026-02-30T10:00:00Z')).toBe('malformed');
    expect(parseZonedTimestamp('2026-11-21T24:00:00Z')).toBe('malformed');
    expect(parseZonedTimestamp('next tuesday')).toBe('malformed');
    expect(parseZonedTimestamp('1764000000')).toBe('malformed');
  });
});

describe('interpreting a status change', () => {
  it('grants with the normalized status, the status as variant name, LIFETIME and no expiry by default', () => {
    expect(interpretStatusChange({ status: ' pro plan ' }, now)).toEqual({
      kind: 'grant',
      status: 'PRO_PLAN',
      variantName: 'PRO_PLAN',
      duration: 'LIFETIME',
      expiresAt: null,
    });
  });

  it('keeps an explicit variant name (trimmed) and derives the expiry from the duration', () => {
    expect(interpretStatusChange({ status: 'PRO', variantName: ' Pro ', duration: 'month' }, now)).toEqual({
      kind: 'grant',
      status: 'PRO',
      variantName: 'Pro',
      duration: 'MONTH',
      expiresAt: '2026-02-28T10:00:00.000Z',
    });
  });

  it('lets expiresAt override the duration, and null mean no expiry', () => {
    const override = interpretStatusChange({ status: 'PRO', duration: 'MONTH', expiresAt: '2030-01-01T00:00:00+02:00' }, now);
    expect(override).toMatchObject({ duration: 'MONTH', expiresAt: '2029-12-31T22:00:00.000Z' });
    const never = interpretStatusChange({ status: 'PRO', duration: 'YEAR', expiresAt: null }, now);
    expect(never).toMatchObject({ duration: 'YEAR', expiresAt: null });
  });

  it('revokes on revoke: true (also the form value "true") and on the revoke keywords', () => {
    expect(interpretStatusChange({ revoke: true }, now)).toEqual({ kind: 'revoke' });
    expect(interpretStatusChange({ revoke: 'true' }, now)).toEqual({ kind: 'revoke' });
    expect(interpretStatusChange({ revoke: true, status: 'PRO' }, now)).toEqual({ kind: 'revoke' });
    expect(rejection({ revoke: true, status: 'FREE\u200b' }).options.issues?.[0]?.path).toBe('status');
    for (const status of ['free', ' None ', 'INACTIVE', 'revoked']) {
      expect(interpretStatusChange({ status }, now)).toEqual({ kind: 'revoke' });
    }
    expect(interpretStatusChange({ status: 'not free' }, now)).toMatchObject({ kind: 'grant', status: 'NOT_FREE' });
  });

  it('refuses a body with neither status nor revoke: true', () => {
    expect(rejection({}).options.issues).toEqual([{ path: 'status', message: 'Required unless revoke is true' }]);
    expect(rejection({ revoke: false }).kind).toBe('missingParameter');
    expect(rejection({ status: null }).kind).toBe('missingParameter');
  });

  it('refuses empty, overlong and control-character statuses and variant names', () => {
    expect(rejection({ status: '   ' }).options.issues).toEqual([{ path: 'status', message: 'status must not be empty' }]);
    expect(rejection({ status: 'x'.repeat(65) }).options.issues?.[0]?.path).toBe('status');
    expect(rejection({ status: 'a\u0000b' }).options.issues?.[0]?.path).toBe('status');
    expect(rejection({ status: 'PRO', variantName: ' ' }).options.issues?.[0]?.path).toBe('variantName');
  });

  it('refuses unknown durations and past, zoneless or malformed expiries, naming each field', () => {
    expect(rejection({ status: 'PRO', duration: 'WEEK' }).options.issues?.[0]?.path).toBe('duration');
    expect(rejection({ status: 'PRO', expiresAt: '2026-01-31T09:59:59Z' }).options.issues).toEqual([
      { path: 'expiresAt', message: 'expiresAt must be in the future' },
    ]);
    expect(rejection({ status: 'PRO', expiresAt: '2026-01-31T10:00:00.000Z' }).kind).toBe('invalidParameter');
    expect(rejection({ status: 'PRO', expiresAt: '2030-01-01T00:00:00' }).options.issues?.[0]?.message).toMatch(/time zone/);
    expect(rejection({ status: 'PRO', expiresAt: 'soon' }).options.issues?.[0]?.path).toBe('expiresAt');
    expect(rejection({ revoke: true, duration: 'DAILY' }).options.issues?.[0]?.path).toBe('duration');
    expect(rejection({ status: '', duration: 'x' }).options.issues).toHaveLength(2);
  });
});

describe('license codes and history ids', () => {
  it('generates grouped codes from the unambiguous alphabet', () => {
    const codes = new Set(Array.from({ length: 200 }, generateLicenseCode));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(licenseCodePattern);
      expect(code).not.toMatch(/[01IO]/);
    }
  });

  it('orders history entry ids by version, then index', () => {
    expect(historyEntryId(2, 0) < historyEntryId(10, 0)).toBe(true);
    expect(historyEntryId(10, 0) < historyEntryId(10, 1)).toBe(true);
  });
});

describe('Basic authorization header parsing', () => {
  const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

  it('reads id:secret, splitting at the first colon; the scheme is case-insensitive', () => {
    expect(parseBasicAuthorization(`Basic ${encode('app_x:se:cret')}`)).toEqual({ clientId: 'app_x', secret: 'se:cret' });
    expect(parseBasicAuthorization(`basic  ${encode('a:b')}`)).toEqual({ clientId: 'a', secret: 'b' });
  });

  it('refuses anything else', () => {
    expect(parseBasicAuthorization(undefined)).toBeUndefined();
    expect(parseBasicAuthorization('Bearer abc')).toBeUndefined();
    expect(parseBasicAuthorization('Basic')).toBeUndefined();
    expect(parseBasicAuthorization('Basic !!!!')).toBeUndefined();
    expect(parseBasicAuthorization(`Basic ${encode('no-colon')}`)).toBeUndefined();
    expect(parseBasicAuthorization(`Basic ${encode(':secret')}`)).toBeUndefined();
    expect(parseBasicAuthorization(`Basic ${encode('id:')}`)).toBeUndefined();
    expect(parseBasicAuthorization(`Basic ${Buffer.from([0xff, 0x3a, 0x61]).toString('base64')}`)).toBeUndefined();
  });
});
