import Holidays from 'date-holidays';
import { addDays, type LocalDay, weekdayOf } from './days.js';
import { type Region } from './provinces.js';

/**
 * Public holidays of Spain (national and, with a region, the autonomous community's), from the
 * `date-holidays` rules, plus bridge days. Only holidays of type "public" count: observances
 * (Mother's Day, Easter Sunday, substitute days the law does not make non-working) do not.
 * Local (municipal) holidays are out of scope: two per town, not known per supply.
 */

/** What kind of day a local calendar day is for consumption. */
export type DayType = 'working' | 'saturday' | 'sunday' | 'holiday' | 'bridge';

const cache = new Map<string, ReadonlySet<LocalDay>>();

/** The public holidays of a year for a region (or national ones for null), cached. */
export function holidaysOfYear(year: number, region: Region | null): ReadonlySet<LocalDay> {
  const key = `${year}:${region ?? 'ES'}`;
  let days = cache.get(key);
  if (days === undefined) {
    const calendar = region === null ? new Holidays('ES') : new Holidays('ES', region);
    const set = new Set<LocalDay>();
    for (const holiday of calendar.getHolidays(year)) {
      if (holiday.type === 'public') set.add(holiday.date.slice(0, 10));
    }
    days = set;
    cache.set(key, days);
  }
  return days;
}

/** True when the local day is a public holiday in the region (national ones when region is null). */
export function isHoliday(day: LocalDay, region: Region | null): boolean {
  return holidaysOfYear(Number(day.slice(0, 4)), region).has(day);
}

/** True on a Monday–Friday that is not a public holiday of the region. */
export function isWorkingDay(day: LocalDay, region: Region | null): boolean {
  return weekdayOf(day) < 5 && !isHoliday(day, region);
}

function isNonWorking(day: LocalDay, region: Region | null): boolean {
  return !isWorkingDay(day, region);
}

/**
 * True for a bridge day ("puente"): a Monday–Friday that is not itself a holiday, lying between
 * a weekday holiday and a weekend (or another holiday), e.g. the Friday after a Thursday holiday.
 */
export function isBridgeDay(day: LocalDay, region: Region | null): boolean {
  if (isNonWorking(day, region)) return false;
  const before = addDays(day, -1);
  const after = addDays(day, 1);
  if (!isNonWorking(before, region) || !isNonWorking(after, region)) return false;
  return isHoliday(before, region) || isHoliday(after, region);
}

/**
 * Classifies a local day: holiday beats weekday names; a bridge is a working day between a
 * holiday and a weekend.
 * @example dayType('2024-12-25', null) // 'holiday'
 */
export function dayType(day: LocalDay, region: Region | null): DayType {
  if (isHoliday(day, region)) return 'holiday';
  const weekday = weekdayOf(day);
  if (weekday === 5) return 'saturday';
  if (weekday === 6) return 'sunday';
  return isBridgeDay(day, region) ? 'bridge' : 'working';
}
