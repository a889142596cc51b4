import type { LicenseDuration } from '../entities/license.js';

/** Calendar arithmetic and timestamp parsing for license expiry, all in UTC. */

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** `from` plus whole calendar months; the day is clamped (Jan 31 + 1 month = Feb 28/29). */
export function addCalendarMonths(from: Date, months: number): Date {
  const totalMonths = from.getUTCFullYear() * 12 + from.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const monthIndex = totalMonths - year * 12;
  const day = Math.min(from.getUTCDate(), daysInMonth(year, monthIndex));
  return new Date(
    Date.UTC(year, monthIndex, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()),
  );
}

const isoTimestamp =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const isoDateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An ISO-8601 date-time with a zone (`Z` or an offset) as an instant; `zoneless` when
 * it is a valid local date-time (or a bare date) without one; `malformed` otherwise.
 * Calendar fields are range-checked, so 2026-02-30 is malformed rather than rolled over.
 */
export function parseZonedTimestamp(raw: string): Date | 'zoneless' | 'malformed' {
  const text = raw.trim();
  if (isoDateOnly.test(text)) return validDate(text, 0, 0, 0) ? 'zoneless' : 'malformed';
  const match = isoTimestamp.exec(text);
  if (!match) return 'malformed';
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (!validDate(`${y}-${mo}-${d}`, hour, minute, second)) return 'malformed';
  if (zone === undefined) return 'zoneless';
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 23 || offsetMins > 59) return 'malformed';
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const instant = new Date(utc);
  return Number.isNaN(instant.getTime()) ? 'malformed' : instant;
}

function validDate(date: string, hour: number, minute: number, second: number): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return false;
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** The expiry a license of `duration` gets from `now` when none is named: 1 calendar month / year, or none. */
export function defaultExpiry(duration: LicenseDuration, now: Date): string | null {
  if (duration === 'MONTH') return addCalendarMonths(now, 1).toISOString();
  if (duration === 'YEAR') return addCalendarMonths(now, 12).toISOString();
  return null;
}
