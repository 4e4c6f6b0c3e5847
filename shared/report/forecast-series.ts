/**
 * Hourly forecast-versus-actual series for the report: the fleet total per stage and the series
 * of a few chosen supplies, on one grid of every hour of the period (23, 24 or 25 a day).
 */
import { type LocalDay } from '../calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, MARKET_ZONE } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type Stage } from '../registry/stages.js';
import {
  entryOf,
  type ForecastSection,
  finiteOrNull,
  REPORT_STAGES,
  type StageHours,
  type SupplySeries,
} from './report-data.js';

/** One stored forecast hour of one supply (the fields the report reads). */
export interface ForecastRow {
  cups: string;
  /** End of the hour, UTC ms. */
  hourEnd: number;
  wh: number;
  p10: number;
  p90: number;
}

/** Every hour of local days from..to: slot i is the hour ending at startMs + (i + 1) h. */
export interface HourGrid {
  startMs: number;
  hours: number;
}

/**
 * The hour grid of local days `from`..`to` (inclusive) in Europe/Madrid.
 * @example hourGrid('2024-10-27', '2024-10-27').hours // 25
 * @throws InvalidInputError when a day is malformed or from is after to
 */
export function hourGrid(from: LocalDay, to: LocalDay): HourGrid {
  let start: number;
  let end: number;
  try {
    start = localDayBoundsUtc(from, MARKET_ZONE)[0];
    end = localDayBoundsUtc(to, MARKET_ZONE)[1];
  } catch (error: unknown) {
    throw new InvalidInputError(`Report period ${from}..${to} is not two YYYY-MM-DD days`, {
      cause: error,
    });
  }
  if (!(end > start))
    throw new InvalidInputError(`Report period starts after it ends: ${from}..${to}`);
  return { startMs: start, hours: Math.round((end - start) / HOUR_MS) };
}

/** Slot of an hour-ending instant, or -1 outside the grid. */
export function slotOf(grid: HourGrid, hourEnd: number): number {
  const slot = (hourEnd - grid.startMs) / HOUR_MS - 1;
  return Number.isInteger(slot) && slot >= 0 && slot < grid.hours ? slot : -1;
}

/** The hour-ending instants of a grid, UTC ms. */
export function gridHours(grid: HourGrid): number[] {
  return Array.from({ length: grid.hours }, (_, i) => grid.startMs + (i + 1) * HOUR_MS);
}

interface StageSums {
  wh: Float64Array;
  p10: Float64Array;
  p90: Float64Array;
  forecasts: Uint32Array;
  actual: Float64Array;
  actuals: Uint32Array;
  supplies: Set<string>;
}

function stageSums(hours: number): StageSums {
  return {
    wh: new Float64Array(hours),
    p10: new Float64Array(hours),
    p90: new Float64Array(hours),
    forecasts: new Uint32Array(hours),
    actual: new Float64Array(hours),
    actuals: new Uint32Array(hours),
    supplies: new Set(),
  };
}

/**
 * Sums forecasts per stage and hour. The fleet's actual at an hour is the sum of the actuals of
 * the supplies that stage forecast, shown only once every one of them has its reading (a partial
 * sum would read as a forecast miss).
 */
export function createFleetTotals(grid: HourGrid) {
  const sums = new Map<Stage, StageSums>();
  return {
    add(stage: Stage, row: ForecastRow, actualWh: number | undefined): void {
      const slot = slotOf(grid, row.hourEnd);
      if (slot < 0) return;
      const s = entryOf(sums, stage, () => stageSums(grid.hours));
      s.supplies.add(row.cups);
      s.wh[slot] = (s.wh[slot] ?? 0) + row.wh;
      s.p10[slot] = (s.p10[slot] ?? 0) + row.p10;
      s.p90[slot] = (s.p90[slot] ?? 0) + row.p90;
      s.forecasts[slot] = (s.forecasts[slot] ?? 0) + 1;
      if (actualWh !== undefined && Number.isFinite(actualWh)) {
        s.actual[slot] = (s.actual[slot] ?? 0) + actualWh;
        s.actuals[slot] = (s.actuals[slot] ?? 0) + 1;
      }
    },
    result(): ForecastSection['fleet'] {
      const fleet: ForecastSection['fleet'] = {
        hourEnd: gridHours(grid),
        stages: {},
        supplies: {},
      };
      for (const stage of REPORT_STAGES) {
        const s = sums.get(stage);
        if (!s) continue;
        const has = (i: number) => (s.forecasts[i] ?? 0) > 0;
        const pick = (a: Float64Array) =>
          Array.from(a, (v, i) => (has(i) ? finiteOrNull(v, 0) : null));
        fleet.stages[stage] = {
          wh: pick(s.wh),
          p10: pick(s.p10),
          p90: pick(s.p90),
          actualWh: Array.from(s.actual, (v, i) =>
            has(i) && s.actuals[i] === s.forecasts[i] ? finiteOrNull(v, 0) : null,
          ),
        };
        fleet.supplies[stage] = s.supplies.size;
      }
      return fleet;
    },
  };
}

function emptyHours(hours: number): StageHours {
  const nulls = () => new Array<number | null>(hours).fill(null);
  return { wh: nulls(), p10: nulls(), p90: nulls(), actualWh: nulls() };
}

/** Collects the hourly series of the chosen supplies, in the order given. */
export function createSupplySeries(
  grid: HourGrid,
  chosen: readonly { cups: string; prodAbsErrorWh: number | null }[],
) {
  const byCups = new Map<string, SupplySeries>(
    chosen.map((c) => [
      c.cups,
      { cups: c.cups, prodAbsErrorWh: c.prodAbsErrorWh, hourEnd: gridHours(grid), stages: {} },
    ]),
  );
  return {
    wants: (cups: string) => byCups.has(cups),
    add(stage: Stage, row: ForecastRow, actualWh: number | undefined): void {
      const series = byCups.get(row.cups);
      const slot = slotOf(grid, row.hourEnd);
      if (!series || slot < 0) return;
      const hours = series.stages[stage] ?? emptyHours(grid.hours);
      series.stages[stage] = hours;
      hours.wh[slot] = finiteOrNull(row.wh, 1);
      hours.p10[slot] = finiteOrNull(row.p10, 1);
      hours.p90[slot] = finiteOrNull(row.p90, 1);
      hours.actualWh[slot] = finiteOrNull(actualWh, 1);
    },
    result: (): SupplySeries[] => [...byCups.values()],
  };
}
