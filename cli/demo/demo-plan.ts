/**
 * The calendar of a demo: which days are history and which are replayed, when the behaviour change
 * happens, and on which day each generated metering file lands (its generation date, as a
 * distributor would upload it). Pure: the engine (replay.ts) does the work.
 */
import { basename } from 'node:path';
import { addDays } from '../../shared/calendar/days.js';

export interface DemoOptions {
  supplies: number;
  /** Days of history before the first replayed day. */
  historyDays: number;
  /** Days replayed. */
  days: number;
  seed: number;
  /** First replayed day (Europe/Madrid). */
  start: string;
  /** The behaviour change, `kind:fraction` (mce generate --changes without the date). */
  change: string;
  /** The change starts this many days into the replay. */
  changeAfterDays: number;
}

/**
 * Defaults sized for a few minutes on two cores. The replay starts on 18 March 2024 so that a
 * 14-day run already forecasts the 23-hour day of 31 March; the change (half of the supplies
 * install rooftop solar) comes on the fourth replayed day, in a season with sun enough to see.
 */
export const DEMO_DEFAULTS: Readonly<DemoOptions> = Object.freeze({
  supplies: 100,
  historyDays: 365,
  days: 28,
  seed: 1,
  start: '2024-03-18',
  change: 'solar:0.5',
  changeAfterDays: 3,
});

export interface DemoCalendar {
  /** First day of generated data. */
  from: string;
  /** Last day of generated data (the last replayed day: files of later days never land). */
  to: string;
  /** Replayed days, in order. */
  replayDays: string[];
  changeDay: string;
  /** `mce generate --changes` spec. */
  changes: string;
}

/** The demo's days from its options. */
export function demoCalendar(o: DemoOptions): DemoCalendar {
  const replayDays = Array.from({ length: o.days }, (_, i) => addDays(o.start, i));
  const changeDay = addDays(o.start, o.changeAfterDays);
  return {
    from: addDays(o.start, -o.historyDays),
    to: addDays(o.start, o.days),
    replayDays,
    changeDay,
    changes: `${o.change}@${changeDay}`,
  };
}

/**
 * The day a metering file lands: the generation date of its name (`P5D_0031_0762_20240302.0`),
 * as YYYY-MM-DD; undefined for a name without one.
 */
export function landingDay(path: string): string | undefined {
  const match = /_(\d{4})(\d{2})(\d{2})\.\d+(\.(gz|bz2|zip))?$/.exec(basename(path));
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** Files grouped by landing day (files without a date in their name are left out). */
export function filesByLandingDay(paths: readonly string[]): Map<string, string[]> {
  const byDay = new Map<string, string[]>();
  for (const path of [...paths].sort()) {
    const day = landingDay(path);
    if (day === undefined) continue;
    const list = byDay.get(day) ?? [];
    list.push(path);
    byDay.set(day, list);
  }
  return byDay;
}
