import { DAY_MS, weekdayOfNumber } from '../calendar/days.js';
import { HOUR_MS, MARKET_ZONE, toLocalFields, type Zone } from '../calendar/zone.js';

/**
 * A supply's hourly readings held two ways: by UTC hour (for labels) and on a local-day grid of 24
 * local-hour slots (for same-hour lags). On a 25-hour day the repeated hour's slot holds the mean
 * of its two readings; on a 23-hour day the skipped slot (02:00) is NaN. Each slot also records
 * the local day from which it was known (its file's generation day), so that a feature built for
 * an origin reads only what had arrived by then.
 */
export interface SupplyHistory {
  cups: string;
  /** Hour-end (UTC ms) of hourly[0]. */
  firstHourEnd: number;
  /** Wh by UTC hour, NaN = missing. */
  hourly: Float32Array;
  /** Local day number (days since 1970-01-01 of the local date) of grid row 0. */
  firstDay: number;
  nDays: number;
  /** nDays × 24 Wh by local day and local start hour, NaN = missing. */
  slots: Float32Array;
  /** nDays × 24 day numbers from which each slot was known (the latest of its readings). */
  slotKnown: Int32Array;
}

/** A reading as a history takes it: `knownDay` is the day number its value first arrived. */
export interface HistoryReading {
  hourEnd: number;
  wh: number;
  /** Day number of the earliest file that carried it; default: the day after its own day. */
  knownDay?: number;
}

/** Local day number and local start hour (0..23) of the hour ending at `hourEnd` (UTC ms). */
export function localSlotOf(hourEnd: number, zone: Zone): { day: number; hour: number } {
  const local = toLocalFields(hourEnd - HOUR_MS, zone).getTime();
  return { day: Math.floor(local / DAY_MS), hour: Math.floor((local % DAY_MS) / HOUR_MS) };
}

/**
 * Builds a history from one supply's readings (any order; later duplicates of an hour win).
 * Readings must be hour-aligned; an empty list gives an empty history. A reading without
 * `knownDay` counts as known the day after its own local day (a daily file for the day before).
 */
export function buildHistory(
  cups: string,
  readings: readonly HistoryReading[],
  zone: Zone,
): SupplyHistory {
  if (readings.length === 0) {
    return {
      cups,
      firstHourEnd: 0,
      hourly: new Float32Array(0),
      firstDay: 0,
      nDays: 0,
      slots: new Float32Array(0),
      slotKnown: new Int32Array(0),
    };
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of readings) {
    if (r.hourEnd < first) first = r.hourEnd;
    if (r.hourEnd > last) last = r.hourEnd;
  }
  const hours = Math.round((last - first) / HOUR_MS) + 1;
  const hourly = new Float32Array(hours).fill(Number.NaN);
  const known = new Int32Array(hours);
  for (const r of readings) {
    const i = Math.round((r.hourEnd - first) / HOUR_MS);
    hourly[i] = r.wh;
    known[i] = r.knownDay ?? -1;
  }
  const firstDay = localSlotOf(first, zone).day;
  const nDays = localSlotOf(last, zone).day - firstDay + 1;
  const slots = new Float32Array(nDays * 24).fill(Number.NaN);
  const slotKnown = new Int32Array(nDays * 24);
  const counts = new Uint8Array(nDays * 24);
  for (let i = 0; i < hours; i++) {
    const wh = hourly[i]!;
    if (Number.isNaN(wh)) continue;
    const { day, hour } = localSlotOf(first + i * HOUR_MS, zone);
    const k = (day - firstDay) * 24 + hour;
    const n = counts[k]!;
    slots[k] = n === 0 ? wh : (slots[k]! * n + wh) / (n + 1);
    const knownDay = known[i]! < 0 ? day + 1 : known[i]!;
    slotKnown[k] = n === 0 ? knownDay : Math.max(slotKnown[k]!, knownDay);
    counts[k] = n + 1;
  }
  return { cups, firstHourEnd: first, hourly, firstDay, nDays, slots, slotKnown };
}

/** Wh at a UTC hour end, NaN when missing or outside the history. */
export function whAt(history: SupplyHistory, hourEnd: number): number {
  const i = Math.round((hourEnd - history.firstHourEnd) / HOUR_MS);
  return i >= 0 && i < history.hourly.length ? history.hourly[i]! : Number.NaN;
}

/**
 * Wh of a local day number and local slot hour, NaN when missing, outside the history, or not yet
 * known on day `knownBy` (a day number; default: whatever is stored).
 */
export function slotAt(
  history: SupplyHistory,
  day: number,
  hour: number,
  knownBy = Number.POSITIVE_INFINITY,
): number {
  const d = day - history.firstDay;
  if (d < 0 || d >= history.nDays) return Number.NaN;
  const k = d * 24 + hour;
  return history.slotKnown[k]! <= knownBy ? history.slots[k]! : Number.NaN;
}

/** Day number from which a slot was known, +∞ when the slot is missing or outside the history. */
export function knownDayAt(history: SupplyHistory, day: number, hour: number): number {
  const d = day - history.firstDay;
  if (d < 0 || d >= history.nDays) return Number.POSITIVE_INFINITY;
  const k = d * 24 + hour;
  return Number.isNaN(history.slots[k]!) ? Number.POSITIVE_INFINITY : history.slotKnown[k]!;
}

/**
 * The supply's normalisable weekly profile: mean Wh per (weekday Monday=0, local hour) over local
 * days fromDay..toDay inclusive (day numbers), 168 values; a cell with no data takes the mean of
 * all data (0 when there is none).
 */
export function weeklyProfileWh(history: SupplyHistory, fromDay: number, toDay: number): number[] {
  const sums = new Float64Array(168);
  const counts = new Uint32Array(168);
  let total = 0;
  let n = 0;
  for (let day = fromDay; day <= toDay; day++) {
    const weekday = weekdayOfNumber(day);
    for (let hour = 0; hour < 24; hour++) {
      const wh = slotAt(history, day, hour);
      if (Number.isNaN(wh)) continue;
      sums[weekday * 24 + hour]! += wh;
      counts[weekday * 24 + hour]! += 1;
      total += wh;
      n++;
    }
  }
  const fallback = n === 0 ? 0 : total / n;
  return Array.from(sums, (s, i) => (counts[i]! === 0 ? fallback : s / counts[i]!));
}

/** A copy of a history with every reading after local day `lastDay` (and before `firstDay`, if given) removed. */
export function clipHistory(
  history: SupplyHistory,
  lastDay: number,
  firstDay = Number.NEGATIVE_INFINITY,
  zone: Zone = MARKET_ZONE,
): SupplyHistory {
  const slots = history.slots.slice();
  for (let d = 0; d < history.nDays; d++) {
    const day = history.firstDay + d;
    if (day > lastDay || day < firstDay) slots.fill(Number.NaN, d * 24, (d + 1) * 24);
  }
  const hourly = history.hourly.slice();
  for (let i = 0; i < hourly.length; i++) {
    const day = localSlotOf(history.firstHourEnd + i * HOUR_MS, zone).day;
    if (day > lastDay || day < firstDay) hourly[i] = Number.NaN;
  }
  return { ...history, slots, hourly };
}
