import { IANAZone } from 'luxon';
import { InvalidInputError } from '../errors.js';
import { DAY_MS } from './days.js';

/**
 * What calendar/zone.ts derives from luxon's IANA rules, cached per zone: each (UTC) year's offset
 * changes, sampled every few days and pinned to the minute with IANAZone.offset, and from them
 * each local day's UTC bounds and offsets, computed once.
 */

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
export interface ZoneYear {
  fromUtc: number;
  toUtc: number;
  offsetMs: number;
  changes: OffsetChange[];
  /** Standard and summer offsets: the smaller and larger of the 1 January and 1 July ones. */
  standardMs: number;
  summerMs: number;
}

/** One local day of a zone: [startUtc, endUtc) and the offsets in force across it. */
export interface ZoneDay {
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

/** A zone's luxon rules and what was derived from them so far. */
export interface ZoneRules {
  iana: IANAZone;
  years: Map<number, ZoneYear>;
  days: Map<number, ZoneDay>;
  /** The year and day of the last lookups: consecutive calls mostly fall in them. */
  lastYear: ZoneYear | undefined;
  last: ZoneDay | undefined;
}

const zones = new Map<string, ZoneRules>();

/** The cached rules of a zone. @throws InvalidInputError for a name the IANA database does not know */
export function rulesOf(zone: string): ZoneRules {
  let rules = zones.get(zone);
  if (rules === undefined) {
    if (!IANAZone.isValidZone(zone)) throw new InvalidInputError(`Unknown time zone "${zone}"`);
    rules = {
      iana: IANAZone.create(zone),
      years: new Map(),
      days: new Map(),
      lastYear: undefined,
      last: undefined,
    };
    zones.set(zone, rules);
  }
  return rules;
}

/** Offset of the zone at an instant from luxon's IANA rules, ms (luxon answers in minutes). */
function ianaOffsetMs(rules: ZoneRules, utcMs: number): number {
  return rules.iana.offset(utcMs) * MINUTE_MS;
}

/** The first whole minute in (lo, hi] whose offset differs from lo's (offsets change on minutes). */
function changeBetween(rules: ZoneRules, lo: number, hi: number): number {
  const before = ianaOffsetMs(rules, lo);
  let a = Math.floor(lo / MINUTE_MS);
  let b = Math.ceil(hi / MINUTE_MS);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (ianaOffsetMs(rules, mid * MINUTE_MS) === before) a = mid;
    else b = mid;
  }
  return b * MINUTE_MS;
}

/** Samples the year every SAMPLE_DAYS days and pins each change to its minute. */
function computeYear(rules: ZoneRules, year: number): ZoneYear {
  const fromUtc = Date.UTC(year, 0, 1);
  const toUtc = Date.UTC(year + 1, 0, 1);
  const offsetMs = ianaOffsetMs(rules, fromUtc);
  const changes: OffsetChange[] = [];
  let previous = offsetMs;
  for (let lo = fromUtc; lo < toUtc; lo += SAMPLE_DAYS * DAY_MS) {
    const hi = Math.min(lo + SAMPLE_DAYS * DAY_MS, toUtc - 1);
    const offset = ianaOffsetMs(rules, hi);
    if (offset !== previous) {
      changes.push({ atUtc: changeBetween(rules, lo, hi), offsetMs: offset });
      previous = offset;
    }
  }
  const july = ianaOffsetMs(rules, Date.UTC(year, 6, 1));
  const standardMs = Math.min(offsetMs, july);
  return { fromUtc, toUtc, offsetMs, changes, standardMs, summerMs: Math.max(offsetMs, july) };
}

/** The (UTC) year an instant falls in, computed once. @throws InvalidInputError for a non-finite instant */
export function yearOf(rules: ZoneRules, utcMs: number): ZoneYear {
  const last = rules.lastYear;
  if (last !== undefined && utcMs >= last.fromUtc && utcMs < last.toUtc) return last;
  if (!Number.isFinite(utcMs)) throw new InvalidInputError(`Not an instant: ${utcMs}`);
  const year = new Date(utcMs).getUTCFullYear();
  let found = rules.years.get(year);
  if (found === undefined) {
    found = computeYear(rules, year);
    rules.years.set(year, found);
  }
  rules.lastYear = found;
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

/** Offset (ms) of the zone at an instant, from the cached year. @throws InvalidInputError for a non-finite instant */
export function offsetAt(rules: ZoneRules, utcMs: number): number {
  const year = yearOf(rules, utcMs);
  return offsetIn(year.offsetMs, year.changes, utcMs);
}

/**
 * The instant a wall-clock time (written as if it were UTC) happens; a time a change skips moves
 * to the first instant after the gap, as luxon does.
 */
function wallToUtc(rules: ZoneRules, wallMs: number): number {
  const first = offsetAt(rules, wallMs);
  const second = offsetAt(rules, wallMs - first);
  if (second === first) return wallMs - first;
  const third = offsetAt(rules, wallMs - second);
  if (third === second) return wallMs - second;
  return wallMs - Math.min(second, third);
}

function computeDay(rules: ZoneRules, dayNum: number): ZoneDay {
  const startUtc = wallToUtc(rules, dayNum * DAY_MS);
  const endUtc = wallToUtc(rules, (dayNum + 1) * DAY_MS);
  const changes = [yearOf(rules, startUtc), yearOf(rules, endUtc - 1)]
    .flatMap((y, i, both) => (i === 1 && y === both[0] ? [] : y.changes))
    .filter((c) => c.atUtc > startUtc && c.atUtc < endUtc);
  return { dayNum, startUtc, endUtc, offsetMs: offsetAt(rules, startUtc), changes };
}

/** The local day of a day number (calendar/days.ts), computed once. */
export function dayOfNumber(rules: ZoneRules, dayNum: number): ZoneDay {
  let day = rules.days.get(dayNum);
  if (day === undefined) {
    if (rules.days.size >= MAX_CACHED_DAYS) rules.days.clear();
    day = computeDay(rules, dayNum);
    rules.days.set(dayNum, day);
  }
  return day;
}

/** The local day an instant falls in. @throws InvalidInputError for a non-finite instant */
export function dayOfInstant(rules: ZoneRules, utcMs: number): ZoneDay {
  const last = rules.last;
  if (last !== undefined && utcMs >= last.startUtc && utcMs < last.endUtc) return last;
  if (!Number.isFinite(utcMs)) throw new InvalidInputError(`Not an instant: ${utcMs}`);
  // Offsets stay within ±14 h, so the local day is the UTC day or a neighbour.
  let day = dayOfNumber(rules, Math.floor(utcMs / DAY_MS));
  while (utcMs < day.startUtc) day = dayOfNumber(rules, day.dayNum - 1);
  while (utcMs >= day.endUtc) day = dayOfNumber(rules, day.dayNum + 1);
  rules.last = day;
  return day;
}

/** Offset (ms) in force at an instant of the day. */
export function offsetInDay(day: ZoneDay, utcMs: number): number {
  return offsetIn(day.offsetMs, day.changes, utcMs);
}
