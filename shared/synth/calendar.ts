import { holidaysOfYear } from '../calendar/holidays.js';
import { type Region } from '../calendar/provinces.js';
import { HOUR_MS, toLocalFields, type Zone } from '../calendar/zone.js';

/**
 * The local calendar each synthetic hour falls in, per (zone, region): the local hour the hour
 * starts at, the day type (weekday, Saturday, Sunday or public holiday) and the season flags the
 * archetypes need. Holidays are the national and regional public ones (shared/calendar/holidays.ts).
 */
export const WEEKDAY = 0;
export const SATURDAY = 1;
export const SUNDAY_OR_HOLIDAY = 2;

export interface HourCalendar {
  /** Local hour (0..23) at which hour i starts. */
  localHour: Uint8Array;
  /** Day type of the local day of hour i. */
  dayType: Uint8Array;
  /** Index of the local day of hour i, counted from the day of hour 0. */
  dayIndex: Uint32Array;
  /** Local month 1..12 and day of month 1..31 of hour i. */
  month: Uint8Array;
  dayOfMonth: Uint8Array;
  /** 1 when hour i falls in a holiday period second homes fill up (August, Christmas, Easter). */
  holidayPeriod: Uint8Array;
}

/** Builds the hour calendar of `hours` hours ending from firstHourEnd on, in a zone and region. */
export function buildHourCalendar(
  zone: Zone,
  region: Region,
  firstHourEnd: number,
  hours: number,
): HourCalendar {
  const cal: HourCalendar = {
    localHour: new Uint8Array(hours),
    dayType: new Uint8Array(hours),
    dayIndex: new Uint32Array(hours),
    month: new Uint8Array(hours),
    dayOfMonth: new Uint8Array(hours),
    holidayPeriod: new Uint8Array(hours),
  };
  let lastDay = '';
  let dayIdx = -1;
  let dayType = WEEKDAY;
  let month = 1;
  let period = 0;
  for (let i = 0; i < hours; i++) {
    const start = toLocalFields(firstHourEnd + (i - 1) * HOUR_MS, zone);
    const day = start.toISOString().slice(0, 10);
    if (day !== lastDay) {
      lastDay = day;
      dayIdx++;
      const weekday = start.getUTCDay();
      month = start.getUTCMonth() + 1;
      const holiday = holidaysOfYear(start.getUTCFullYear(), region).has(day);
      dayType = weekday === 0 || holiday ? SUNDAY_OR_HOLIDAY : weekday === 6 ? SATURDAY : WEEKDAY;
      const dom = start.getUTCDate();
      const christmas = (month === 12 && dom >= 23) || (month === 1 && dom <= 6);
      period = month === 8 || christmas || (holiday && (month === 3 || month === 4)) ? 1 : 0;
    }
    cal.localHour[i] = start.getUTCHours();
    cal.dayType[i] = dayType;
    cal.dayIndex[i] = dayIdx;
    cal.month[i] = month;
    cal.dayOfMonth[i] = start.getUTCDate();
    cal.holidayPeriod[i] = period;
  }
  return cal;
}
