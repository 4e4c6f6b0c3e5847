import { IANAZone } from 'luxon';
import { InvalidInputError } from '../errors.js';
import { DAY_MS, dayNumber, dayString, type LocalDay } from './days.js';
import { dayOfInstant, dayOfNumber, offsetAt, offsetInDay, rulesOf, yearOf } from './zone-rules.js';

/**
 * Time-zone arithmetic from the IANA rules that luxon reads (through the runtime's Intl data),
 * for any zone: Europe/Madrid, Atlantic/Canary or whatever MCE_ZONE_OVERRIDES names. Each local
 * day of a zone (its UTC bounds and offsets) is computed once and cached, so the parser's and the
 * feature builder's per-hour calls cost a map lookup.
 *
 * "Summer time" is the zone's daylight-saving time: an offset above the year's standard one, the
 * smaller of the offsets at 1 January and 1 July (winter in the north, summer in the south).
 */

/** An IANA time-zone name (`Europe/Madrid`); configuration refuses names isKnownZone rejects. */
export type Zone = string;

/** The zone of the market: forecast days, origins and training windows are its local days. */
export const MARKET_ZONE: Zone = 'Europe/Madrid';

export const HOUR_MS = 3_600_000;

/** True when the IANA database knows the zone name (`Europe/Lisbon`, `America/New_York`). */
export function isKnownZone(name: string): boolean {
  return name !== '' && IANAZone.isValidZone(name);
}

/**
 * The canonical spelling of a zone name (`europe/lisbon` → `Europe/Lisbon`), or undefined for a
 * name the IANA database does not know.
 */
export function canonicalZone(name: string): Zone | undefined {
  if (!isKnownZone(name)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

/**
 * Offset of local time from UTC at an instant, in hours (fractional for zones such as Asia/Kolkata).
 * @throws InvalidInputError for an unknown zone or a non-finite instant
 * @example offsetHours(Date.UTC(2024, 6, 1), 'Europe/Madrid') // 2
 */
export function offsetHours(utcMs: number, zone: Zone): number {
  const rules = rulesOf(zone);
  return offsetInDay(dayOfInstant(rules, utcMs), utcMs) / HOUR_MS;
}

/**
 * The zone's standard (winter) and summer offsets in the year of an instant, in hours; equal
 * when the zone keeps one offset all year.
 * @example zoneOffsetsHours(Date.UTC(2024, 0, 1), 'America/New_York') // { standard: -5, summer: -4 }
 */
export function zoneOffsetsHours(utcMs: number, zone: Zone): { standard: number; summer: number } {
  const year = yearOf(rulesOf(zone), utcMs);
  return { standard: year.standardMs / HOUR_MS, summer: year.summerMs / HOUR_MS };
}

/**
 * True when the zone is on summer (daylight-saving) time at the instant.
 * @example isSummerTime(Date.UTC(2024, 2, 31, 1), 'Europe/Madrid') // true: the change instant
 */
export function isSummerTime(utcMs: number, zone: Zone): boolean {
  const rules = rulesOf(zone);
  return offsetAt(rules, utcMs) > yearOf(rules, utcMs).standardMs;
}

/** Local wall-clock time of an instant, as a UTC-based Date whose UTC fields are local fields. */
export function toLocalFields(utcMs: number, zone: Zone): Date {
  const rules = rulesOf(zone);
  return new Date(utcMs + offsetInDay(dayOfInstant(rules, utcMs), utcMs));
}

/**
 * The UTC instants bounding a local calendar day: [start, end). The day has 23, 24 or 25 hours
 * where the zone changes offset.
 * @throws InvalidInputError for a malformed day or an unknown zone
 * @example localDayBoundsUtc('2024-10-27', 'Europe/Madrid') // [2024-10-26T22:00Z, 2024-10-27T23:00Z): 25 h
 */
export function localDayBoundsUtc(day: LocalDay, zone: Zone): readonly [number, number] {
  const dayNum = dayNumber(day);
  if (Number.isNaN(dayNum)) throw new InvalidInputError(`Not a YYYY-MM-DD day: "${day}"`);
  const zoneDay = dayOfNumber(rulesOf(zone), dayNum);
  return [zoneDay.startUtc, zoneDay.endUtc];
}

/** UTC instant of a local wall-clock time `hour`:00 of a day (the later reading of a repeated hour). */
export function localTimeUtc(day: LocalDay, hour: number, zone: Zone): number {
  const [startUtc] = localDayBoundsUtc(day, zone);
  const zoneDay = dayOfNumber(rulesOf(zone), dayNumber(day));
  const wall = dayNumber(day) * DAY_MS + hour * HOUR_MS;
  // Try each offset of the day, latest first; a skipped hour takes the offset before the change.
  const offsets = [zoneDay.offsetMs, ...zoneDay.changes.map((c) => c.offsetMs)].reverse();
  for (const offset of offsets) {
    const utc = wall - offset;
    if (utc >= startUtc && offsetInDay(zoneDay, utc) === offset) return utc;
  }
  return wall - zoneDay.offsetMs;
}

/** The local calendar day an instant belongs to. */
export function localDayOf(utcMs: number, zone: Zone): LocalDay {
  return dayString(dayOfInstant(rulesOf(zone), utcMs).dayNum);
}

/** The local day an hour-ending instant belongs to (the hour ending at local 00:00 is the day before). */
export function localDayOfHourEnd(hourEndUtcMs: number, zone: Zone): LocalDay {
  return localDayOf(hourEndUtcMs - HOUR_MS, zone);
}

/**
 * The local days of a year on which the zone changes offset (23- or 25-hour days in Europe).
 * @example offsetChangeDays(2024, 'Europe/Madrid') // ['2024-03-31', '2024-10-27']
 */
export function offsetChangeDays(year: number, zone: Zone): LocalDay[] {
  const rules = rulesOf(zone);
  const days = yearOf(rules, Date.UTC(year, 0, 1)).changes.map((c) => localDayOf(c.atUtc, zone));
  return [...new Set(days)].filter((day) => day.startsWith(String(year)));
}

/**
 * UTC hour ends of the hour-ending labels `HH:00` (0..24) of a local day written with a summer
 * flag, as Spanish metering files do: label − (standard offset, or summer offset with flag 1).
 * Entry `hour × 2 + flag`; NaN where the flag contradicts the zone's rules at both ends of the
 * hour (at a change either flag is legitimate). Computed once per zone and day, cached.
 * @example flaggedHourEnds(dayNumber('2024-07-01'), 'Europe/Madrid')[10 * 2 + 1] // 2024-07-01T08:00Z
 */
export function flaggedHourEnds(dayNum: number, zone: Zone): Float64Array {
  const rules = rulesOf(zone);
  const zoneDay = dayOfNumber(rules, dayNum);
  if (zoneDay.labels !== undefined) return zoneDay.labels;
  const { standardMs: standard, summerMs: summer } = yearOf(rules, dayNum * DAY_MS);
  const labels = new Float64Array(50);
  for (let hour = 0; hour <= 24; hour++) {
    for (const flag of [0, 1]) {
      const hourEnd = dayNum * DAY_MS + hour * HOUR_MS - (flag === 1 ? summer : standard);
      const atStart = isSummerTime(hourEnd - HOUR_MS, zone) ? 1 : 0;
      const atEnd = isSummerTime(hourEnd, zone) ? 1 : 0;
      labels[hour * 2 + flag] = flag === atStart || flag === atEnd ? hourEnd : Number.NaN;
    }
  }
  zoneDay.labels = labels;
  return labels;
}
