import { quantileSorted } from '../models/quantile.js';

/**
 * Robust statistics of a supply's recent same-hour consumption, the inputs a day-ahead forecast
 * of household-like load leans on most: medians resist the spikes (a kettle, an oven, a charge)
 * that dominate a mean. All read the 28 visible days ending at the last visible day.
 */

/** Days of recent history the window holds (the newest first). */
export const WINDOW_DAYS = 28;

/** Same-hour statistics in Wh; NaN where no visible value exists. */
export interface SameHourStats {
  /** Mean and median over the last 7 visible days. */
  mean7: number;
  median7: number;
  /** Median over the last 14 visible days. */
  median14: number;
  /** Mean, median and quartiles (numpy linear) over the last 28 visible days. */
  mean28: number;
  median28: number;
  q25of28: number;
  q75of28: number;
  /** Median over the last 28 days of the same day type as the target (working or not). */
  dayTypeMedian28: number;
  /** Median over the last 28 days of the hour and its two neighbours (smoother in the evening peak). */
  neighbourMedian28: number;
}

/** Reusable buffers: the 28 × 24 window, the days' types and a sort buffer. */
export interface SameHourWindow {
  /** values[k·24 + h]: Wh of local hour h on day last − k, NaN when not visible. */
  values: Float64Array;
  /** working[k]: 1 when day last − k is a working day. */
  working: Uint8Array;
  sort: Float64Array;
}

export function createSameHourWindow(): SameHourWindow {
  return {
    values: new Float64Array(WINDOW_DAYS * 24),
    working: new Uint8Array(WINDOW_DAYS),
    sort: new Float64Array(WINDOW_DAYS * 3),
  };
}

/**
 * Fills the window with the 28 days ending at `last` (a day number): `read(day, hour)` gives the
 * visible Wh or NaN, `isWorking(day)` the day type.
 */
export function fillSameHourWindow(
  window: SameHourWindow,
  last: number,
  read: (day: number, hour: number) => number,
  isWorking: (day: number) => boolean,
): void {
  for (let k = 0; k < WINDOW_DAYS; k++) {
    const day = last - k;
    window.working[k] = isWorking(day) ? 1 : 0;
    for (let h = 0; h < 24; h++) window.values[k * 24 + h] = read(day, h);
  }
}

/** Sorts the first n values of the buffer and reads quantile q (NaN when n is 0). */
function quantileOf(buf: Float64Array, n: number, q: number): number {
  return n === 0 ? Number.NaN : quantileSorted(buf.subarray(0, n).sort(), q);
}

/** Gathers visible values of `hours` over days k in [0, days) that pass `keep` into the sort buffer. */
function gather(
  w: SameHourWindow,
  hours: readonly number[],
  days: number,
  keep: (k: number) => boolean,
): number {
  let n = 0;
  for (let k = 0; k < days; k++) {
    if (!keep(k)) continue;
    for (const h of hours) {
      const v = w.values[k * 24 + h]!;
      if (!Number.isNaN(v)) w.sort[n++] = v;
    }
  }
  return n;
}

const ALL = () => true;

/**
 * The statistics of local hour `hour` (0..23) for a target of the given day type.
 * @example sameHourStats(window, 20, true).median28 // median Wh of 20:00–21:00 over 28 days
 */
export function sameHourStats(w: SameHourWindow, hour: number, targetWorking: boolean) {
  const one = [hour];
  const mean = (n: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += w.sort[i]!;
    return n === 0 ? Number.NaN : s / n;
  };
  const n7 = gather(w, one, 7, ALL);
  const mean7 = mean(n7);
  const median7 = quantileOf(w.sort, n7, 0.5);
  const median14 = quantileOf(w.sort, gather(w, one, 14, ALL), 0.5);
  const n28 = gather(w, one, WINDOW_DAYS, ALL);
  const mean28 = mean(n28);
  const median28 = quantileOf(w.sort, n28, 0.5);
  const q25of28 = quantileSorted(w.sort.subarray(0, n28), 0.25);
  const q75of28 = quantileSorted(w.sort.subarray(0, n28), 0.75);
  const wanted = targetWorking ? 1 : 0;
  const typed = gather(w, one, WINDOW_DAYS, (k) => w.working[k] === wanted);
  const dayTypeMedian28 = quantileOf(w.sort, typed, 0.5);
  const neighbours = [hour - 1, hour, hour + 1].filter((h) => h >= 0 && h < 24);
  const neighbourMedian28 = quantileOf(w.sort, gather(w, neighbours, WINDOW_DAYS, ALL), 0.5);
  const stats: SameHourStats = {
    mean7,
    median7,
    median14,
    mean28,
    median28,
    q25of28,
    q75of28,
    dayTypeMedian28,
    neighbourMedian28,
  };
  return stats;
}
