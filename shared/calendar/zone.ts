import { type Zone } from '../config.js';
import { DAY_MS, type LocalDay } from './days.js';

/**
 * Time-zone arithmetic for the two Spanish zones. Both follow the EU summer-time rule (Directive
 * 2000/84/EC): summer time from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC. Europe/Madrid is UTC+1 in winter, Atlantic/Canary UTC+0.
 */

export const HOUR_MS = 3_600_000;

const STANDARD_OFFSET_H: Record<Zone, number> = { 'Europe/Madrid': 1, 'Atlantic/Canary': 0 };

/** Standard (winter) offset of a zone from UTC, in hours. */
export function standardOffsetHours(zone: Zone): number {
  return STANDARD_OFFSET_H[zone];
}

/** UTC ms of 01:00 UTC on the last Sunday of a month (0-based month). */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0, 1);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY_MS;
}

const transitions = new Map<number, readonly [number, number]>();

/** The [start, end) of summer time of a year, in UTC ms. */
export function summerWindowUtc(year: number): readonly [number, number] {
  let window = transitions.get(year);
  if (window === undefined) {
    window = [lastSundayAt1Utc(year, 2), lastSundayAt1Utc(year, 9)];
    transitions.set(year, window);
  }
  return window;
}

/** True when the UTC instant falls in EU summer time. */
export function isSummerTime(utcMs: number): boolean {
  const [start, end] = summerWindowUtc(new Date(utcMs).getUTCFullYear());
  return utcMs >= start && utcMs < end;
}

/** Offset of local time from UTC at an instant, in hours. */
export function offsetHours(utcMs: number, zone: Zone): number {
  return STANDARD_OFFSET_H[zone] + (isSummerTime(utcMs) ? 1 : 0);
}

/** Local wall-clock time of an instant, as a UTC-based Date whose UTC fields are local fields. */
export function toLocalFields(utcMs: number, zone: Zone): Date {
  return new Date(utcMs + offsetHours(utcMs, zone) * HOUR_MS);
}

/**
 * The UTC instants bounding a local calendar day: [start, end). The day has 23, 24 or 25 hours.
 * @example localDayBoundsUtc('2024-10-27', 'Europe/Madrid') // [2024-10-26T22:00Z, 2024-10-27T23:00Z): 25 h
 */
export function localDayBoundsUtc(day: LocalDay, zone: Zone): readonly [number, number] {
  const midnightAsUtc = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(midnightAsUtc)) throw new RangeError(`Not a YYYY-MM-DD day: "${day}"`);
  return [localMidnightUtc(midnightAsUtc, zone), localMidnightUtc(midnightAsUtc + DAY_MS, zone)];
}

/** UTC instant of local midnight, given that midnight written as if it were UTC. */
function localMidnightUtc(midnightAsUtc: number, zone: Zone): number {
  // Transitions happen at 01:00 UTC, never near local midnight, so the offset at
  // (midnight - standard offset) is the offset in force at local midnight.
  const guess = midnightAsUtc - STANDARD_OFFSET_H[zone] * HOUR_MS;
  return midnightAsUtc - offsetHours(guess - HOUR_MS, zone) * HOUR_MS;
}

/** The local calendar day an instant belongs to. */
export function localDayOf(utcMs: number, zone: Zone): LocalDay {
  return toLocalFields(utcMs, zone).toISOString().slice(0, 10);
}

/** The local day an hour-ending instant belongs to (the hour ending at local 00:00 is the day before). */
export function localDayOfHourEnd(hourEndUtcMs: number, zone: Zone): LocalDay {
  return localDayOf(hourEndUtcMs - HOUR_MS, zone);
}
