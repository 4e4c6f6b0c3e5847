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
 * The local day of a day number.
 * @example dayString(19723) // '2024-01-01'
 */
export function dayString(dayNum: number): LocalDay {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The local day `n` days after `day` (n may be negative).
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(day: LocalDay, n: number): LocalDay {
  return dayString(dayNumber(day) + n);
}

/**
 * Every local day from `first` to `last`, both inclusive (empty when last is before first).
 * @example daysBetween('2024-02-28', '2024-03-01') // ['2024-02-28', '2024-02-29', '2024-03-01']
 */
export function daysBetween(first: LocalDay, last: LocalDay): LocalDay[] {
  const from = dayNumber(first);
  const to = dayNumber(last);
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
 * @example weekdayOf('2024-03-31') // 6
 */
export function weekdayOf(day: LocalDay): number {
  return weekdayOfNumber(dayNumber(day));
}

/**
 * The first day of the month after a YYYY-MM month.
 * @example firstOfNextMonth('2024-12') // '2025-01-01'
 */
export function firstOfNextMonth(month: string): LocalDay {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 1)).toISOString().slice(0, 10);
}
