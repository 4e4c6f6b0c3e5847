import { daysBetween } from '../../calendar/days.js';

/** Helpers for the rules that look at the last N scored days. */

/** A run of consecutive scored days, oldest first. */
export interface DayRun<T> {
  days: T[];
  first: T;
  last: T;
}

/**
 * The last `n` entries by date when they are `n` consecutive calendar days, else undefined (a
 * day not scored yet breaks the run: the rule does not guess it).
 */
export function lastConsecutive<T extends { date: string }>(
  days: readonly T[],
  n: number,
): DayRun<T> | undefined {
  const last = [...days].sort((a, b) => a.date.localeCompare(b.date)).slice(-n);
  const [first] = last;
  const latest = last.at(-1);
  if (last.length < n || first === undefined || latest === undefined) return undefined;
  let previous = first;
  for (const day of last.slice(1)) {
    if (daysBetween(previous.date, day.date) !== 1) return undefined;
    previous = day;
  }
  return { days: last, first, last: latest };
}

/** A number rounded for a message: 1 decimal, or 3 significant digits below 1. */
export function show(x: number): string {
  return Math.abs(x) >= 1 || x === 0 ? x.toFixed(1) : x.toPrecision(3);
}
