import { IANAZone } from 'luxon';
import { InvalidInputError } from '../errors.js';
import { DAY_MS, dayNumber, dayString, type LocalDay } from './days.js';

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
const MINUTE_MS = 60_000;
/** Days between offset samples when looking for a year's changes (they come months apart). */
const SAMPLE_DAYS = 3;
/** Cached days per zone before the cache starts over (about 27 years). */
const MAX_CACHED_DAYS = 10_000;

interface OffsetChange {
  atUtc: number;
  offsetMs: number;
}

/** A (UTC) year of a zone: the offset at its start and every change in it, from luxon once. */
interface ZoneYear {
  fromUtc: number;
  toUtc: number;
  offsetMs: number;
  changes: OffsetChange[];
  /** Standard and summer offsets: the smaller and larger of the 1 January and 1 July ones. */
  standardMs: number;
  summerMs: number;
}

/** One local day of a zone: [startUtc, endUtc) and the offsets in force across it. */
interface ZoneDay {
  dayNum: number;
  startUtc: number;
  endUtc: number;
  /** Offset (ms) in force at startUtc. */
  offsetMs: number;
  /** Where the offset changes inside the day (ascending), and to what. */
  changes: OffsetChange[];
  /** Lazily: UTC hour ends of the flagged labels of this day (flaggedHourEnds). */
  labels?: Float64Array;
}

interface ZoneCache {
  iana: IANAZone;
  years: Map<number, ZoneYear>;
  days: Map<number, ZoneDay>;
  /** The year and day of the last lookups: consecutive calls mostly fall in them. */
  lastYear: ZoneYear | undefined;
  last: ZoneDay | undefined;
}

const zones = new Map<Zone, ZoneCache>();

function cacheOf(zone: Zone): ZoneCache {
  let cache = zones.get(zone);
  if (cache === undefined) {
    if (!IANAZone.isValidZone(zone)) throw new InvalidInputError(`Unknown time zone "${zone}"`);
    cache = {
      iana: IANAZone.create(zone),
      years: new Map(),
      days: new Map(),
      lastYear: undefined,
      last: undefined,
    };
    zones.set(zone, cache);
  }
  return cache;
}

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

/** Offset of the zone at an instant from luxon's IANA rules, ms (luxon answers in minutes). */
function ianaOffsetMs(cache: ZoneCache, utcMs: number): number {
  return cache.iana.offset(utcMs) * MINUTE_MS;
}

/** The first whole minute in (lo, hi] whose offset differs from lo's (offsets change on minutes). */
function changeBetween(cache: ZoneCache, lo: number, hi: number): number {
  const before = ianaOffsetMs(cache, lo);
  let a = Math.floor(lo / MINUTE_MS);
  let b = Math.ceil(hi / MINUTE_MS);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (ianaOffsetMs(cache, mid * MINUTE_MS) === before) a = mid;
    else b = mid;
  }
  return b * MINUTE_MS;
}

/** Samples the year every SAMPLE_DAYS days and pins each change to its minute. */
function computeYear(cache: ZoneCache, year: number): ZoneYear {
  const fromUtc = Date.UTC(year, 0, 1);
  const toUtc = Date.UTC(year + 1, 0, 1);
  const offsetMs = ianaOffsetMs(cache, fromUtc);
  const changes: OffsetChange[] = [];
  let previous = offsetMs;
  for (let lo = fromUtc; lo < toUtc; lo += SAMPLE_DAYS * DAY_MS) {
    const hi = Math.min(lo + SAMPLE_DAYS * DAY_MS, toUtc - 1);
    const offset = ianaOffsetMs(cache, hi);
    if (offset !== previous) {
      changes.push({ atUtc: changeBetween(cache, lo, hi), offsetMs: offset });
      previous = offset;
    }
  }
  const july = ianaOffsetMs(cache, Date.UTC(year, 6, 1));
  const standardMs = Math.min(offsetMs, july);
  return { fromUtc, toUtc, offsetMs, changes, standardMs, summerMs: Math.max(offsetMs, july) };
}

function yearOf(cache: ZoneCache, utcMs: number): ZoneYear {
  const last = cache.lastYear;
  if (last !== undefined && utcMs >= last.fromUtc && utcMs < last.toUtc) return last;
  if (!Number.isFinite(utcMs)) throw new InvalidInputError(`Not an instant: ${utcMs}`);
  const year = new Date(utcMs).getUTCFullYear();
  let found = cache.years.get(year);
  if (found === undefined) {
    found = computeYear(cache, year);
    cache.years.set(year, found);
  }
  cache.lastYear = found;
  return found;
}

function offsetIn(start: number, changes: readonly OffsetChange[], utcMs: number): number {
  let offset = start;
  for (const change of changes) {
    if (utcMs < change.atUtc) break;
    offset = change.offsetMs;
  }
  return offset;
}

/** Offset of the zone at an instant, ms, from the cached year. */
function offsetAt(cache: ZoneCache, utcMs: number): number {
  const year = yearOf(cache, utcMs);
  return offsetIn(year.offsetMs, year.changes, utcMs);
}

/**
 * The instant a wall-clock time (written as if it were UTC) happens; a time a change skips moves
 * to the first instant after the gap, as luxon does.
 */
function wallToUtc(cache: ZoneCache, wallMs: number): number {
  const first = offsetAt(cache, wallMs);
  const second = offsetAt(cache, wallMs - first);
  if (second === first) return wallMs - first;
  const third = offsetAt(cache, wallMs - second);
  if (third === second) return wallMs - second;
  return wallMs - Math.min(second, third);
}

function computeDay(cache: ZoneCache, dayNum: number): ZoneDay {
  const startUtc = wallToUtc(cache, dayNum * DAY_MS);
  const endUtc = wallToUtc(cache, (dayNum + 1) * DAY_MS);
  const changes = [yearOf(cache, startUtc), yearOf(cache, endUtc - 1)]
    .flatMap((y, i, both) => (i === 1 && y === both[0] ? [] : y.changes))
    .filter((c) => c.atUtc > startUtc && c.atUtc < endUtc);
  return { dayNum, startUtc, endUtc, offsetMs: offsetAt(cache, startUtc), changes };
}

function dayOfNumber(cache: ZoneCache, dayNum: number): ZoneDay {
  let day = cache.days.get(dayNum);
  if (day === undefined) {
    if (cache.days.size >= MAX_CACHED_DAYS) cache.days.clear();
    day = computeDay(cache, dayNum);
    cache.days.set(dayNum, day);
  }
  return day;
}

/** The local day an instant falls in. */
function dayOfInstant(cache: ZoneCache, utcMs: number): ZoneDay {
  const last = cache.last;
  if (last !== undefined && utcMs >= last.startUtc && utcMs < last.endUtc) return last;
  if (!Number.isFinite(utcMs)) throw new InvalidInputError(`Not an instant: ${utcMs}`);
  // Offsets stay within ±14 h, so the local day is the UTC day or a neighbour.
  let day = dayOfNumber(cache, Math.floor(utcMs / DAY_MS));
  while (utcMs < day.startUtc) day = dayOfNumber(cache, day.dayNum - 1);
  while (utcMs >= day.endUtc) day = dayOfNumber(cache, day.dayNum + 1);
  cache.last = day;
  return day;
}

function offsetInDay(day: ZoneDay, utcMs: number): number {
  return offsetIn(day.offsetMs, day.changes, utcMs);
}

/**
 * Offset of local time from UTC at an instant, in hours (fractional for zones such as Asia/Kolkata).
 * @throws InvalidInputError for an unknown zone or a non-finite instant
 * @example offsetHours(Date.UTC(2024, 6, 1), 'Europe/Madrid') // 2
 */
export function offsetHours(utcMs: number, zone: Zone): number {
  const cache = cacheOf(zone);
  return offsetInDay(dayOfInstant(cache, utcMs), utcMs) / HOUR_MS;
}

/**
 * The zone's standard (winter) and summer offsets in the year of an instant, in hours; equal
 * when the zone keeps one offset all year.
 * @example zoneOffsetsHours(Date.UTC(2024, 0, 1), 'America/New_York') // { standard: -5, summer: -4 }
 */
export function zoneOffsetsHours(utcMs: number, zone: Zone): { standard: number; summer: number } {
  const year = yearOf(cacheOf(zone), utcMs);
  return { standard: year.standardMs / HOUR_MS, summer: year.summerMs / HOUR_MS };
}

/**
 * True when the zone is on summer (daylight-saving) time at the instant.
 * @example isSummerTime(Date.UTC(2024, 2, 31, 1), 'Europe/Madrid') // true: the change instant
 */
export function isSummerTime(utcMs: number, zone: Zone): boolean {
  const cache = cacheOf(zone);
  return offsetAt(cache, utcMs) > yearOf(cache, utcMs).standardMs;
}

/** Local wall-clock time of an instant, as a UTC-based Date whose UTC fields are local fields. */
export function toLocalFields(utcMs: number, zone: Zone): Date {
  const cache = cacheOf(zone);
  return new Date(utcMs + offsetInDay(dayOfInstant(cache, utcMs), utcMs));
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
  const zoneDay = dayOfNumber(cacheOf(zone), dayNum);
  return [zoneDay.startUtc, zoneDay.endUtc];
}

/** UTC instant of a local wall-clock time `hour`:00 of a day (the later reading of a repeated hour). */
export function localTimeUtc(day: LocalDay, hour: number, zone: Zone): number {
  const [startUtc] = localDayBoundsUtc(day, zone);
  const zoneDay = dayOfNumber(cacheOf(zone), dayNumber(day));
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
  return dayString(dayOfInstant(cacheOf(zone), utcMs).dayNum);
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
  const cache = cacheOf(zone);
  const days = yearOf(cache, Date.UTC(year, 0, 1)).changes.map((c) => localDayOf(c.atUtc, zone));
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
  const cache = cacheOf(zone);
  const zoneDay = dayOfNumber(cache, dayNum);
  if (zoneDay.labels !== undefined) return zoneDay.labels;
  const { standardMs: standard, summerMs: summer } = yearOf(cache, dayNum * DAY_MS);
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
