import { addDays } from '../calendar/days.js';
import { localTimeUtc, type Zone } from '../calendar/zone.js';

/** Local hour of the day before the target at which the day-ahead forecast is made. */
export const ORIGIN_LOCAL_HOUR = 11;
/** Days between the last complete day of readings and the target day (P5D arrives daily with D−1, seen on D−1 as D−2). */
export const DEFAULT_DATA_LATENCY_DAYS = 2;

/**
 * UTC ms of the forecast origin for a target local day: 11:00 local time on the day before.
 * @example forecastOriginUtc('2024-03-31', 'Europe/Madrid') // 2024-03-30T10:00:00Z
 */
export function forecastOriginUtc(targetDay: string, zone: Zone): number {
  return localTimeUtc(addDays(targetDay, -1), ORIGIN_LOCAL_HOUR, zone);
}

/** Day number of the last local day whose readings the forecast of `targetDayNum` may use. */
export function lastVisibleDay(targetDayNum: number, dataLatencyDays: number): number {
  return targetDayNum - dataLatencyDays;
}
