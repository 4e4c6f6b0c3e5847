import { InvalidInputError } from '../errors.js';

/**
 * Local calendar days: `YYYY-MM-DD` strings and their day numbers. Pure calendar arithmetic with
 * no time zone: a day is a date, its hours (23, 24 or 25) are zone.ts's business.
 */

/** A local calendar day as YYYY-MM-DD. */
export type LocalDay = string;

export const DAY_MS = 86_400_000;

/**
 * Day number of a local day: days since 1970-01-01 (negative before it); NaN for a malformed day.
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(day: LocalDay): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/**
 * True when `value` is YYYY-MM-DD and that day exists: `2024-02-30` is not rolled over to March.
 * @example isCalendarDay('2024-02-29') // true; isCalendarDay('2023-02-29') // false
 */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** dayNumber, refusing a malformed day. @throws InvalidInputError for a malformed day */
function validDayNumber(day: LocalDay): number {
  const n = dayNumber(day);
  if (Number.isNaN(n)) throw new InvalidInputError(`Not a YYYY-MM-DD day: "${day}"`);
  return n;
}

/**
 * The local day of a day number.
 * @throws InvalidInputError for a number that is not a whole day in range
 * @example dayString(19723) // '2024-01-01'
 */
export function dayString(dayNum: number): LocalDay {
  const date = new Date(dayNum * DAY_MS);
  if (!Number.isInteger(dayNum) || Number.isNaN(date.getTime())) {
    throw new InvalidInputError(`Not a day number: ${dayNum}`);
  }
  return date.toISOString().slice(0, 10);
}

/**
 * The local day `n` days after `day` (n may be negative).
 * @throws InvalidInputError for a malformed day
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(day: LocalDay, n: number): LocalDay {
  return dayString(validDayNumber(day) + n);
}

/**
 * Days from `first` to `last` (negative when last is before first).
 * @throws InvalidInputError for a malformed day
 * @example daysBetween('2024-02-28', '2024-03-01') // 2
 */
export function daysBetween(first: LocalDay, last: LocalDay): number {
  return validDayNumber(last) - validDayNumber(first);
}

/**
 * Every local day from `first` to `last`, both inclusive (empty when last is before first).
 * @throws InvalidInputError for a malformed day
 * @example dayRange('2024-02-28', '2024-03-01') // ['2024-02-28', '2024-02-29', '2024-03-01']
 */
export function dayRange(first: LocalDay, last: LocalDay): LocalDay[] {
  const from = validDayNumber(first);
  const to = validDayNumber(last);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => dayString(from + i));
}

/**
 * Day of week of a day number: 0 = Monday … 6 = Sunday (ISO order; day 0 was a Thursday).
 * @example weekdayOfNumber(0) // 3
 */
export function weekdayOfNumber(dayNum: number): number {
  return (((dayNum + 3) % 7) + 7) % 7;
}

/**
 * Day of week of a local day: 0 = Monday … 6 = Sunday (ISO order).
 * @throws InvalidInputError for a malformed day
 * @example weekdayOf('2024-03-31') // 6
 */
export function weekdayOf(day: LocalDay): number {
  return weekdayOfNumber(validDayNumber(day));
}

/**
 * The first day of the month after a YYYY-MM month.
 * @example firstOfNextMonth('2024-12') // '2025-01-01'
 */
export function firstOfNextMonth(month: string): LocalDay {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 1)).toISOString().slice(0, 10);
}

/**
 * The day number of a YYYYMMDD date number (a file's generation date).
 * @example dayOfDateNumber(19700102) // 1
 */
export function dayOfDateNumber(yyyymmdd: number): number {
  const y = Math.floor(yyyymmdd / 10_000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}
