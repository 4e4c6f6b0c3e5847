import { localDayBoundsUtc, MARKET_ZONE } from '../calendar/zone.js';
import { type ReadingStore } from '../ports.js';
import { type Stage } from '../registry/stages.js';
import { createBandErrors, createSupplyTotals } from '../report/error-bands.js';
import {
  createFleetTotals,
  createSupplySeries,
  type ForecastRow,
  type HourGrid,
} from '../report/forecast-series.js';
import { type BandSection, type ForecastSection, REPORT_STAGES } from '../report/report-data.js';

/** Reads the forecast rows of one stage and local day (see report-hooks.ts). */
export type ForecastRowSource = (stage: Stage, day: string) => AsyncIterable<ForecastRow>;

export interface ForecastGatherDeps {
  readings: Pick<ReadingStore, 'readingsBetween'>;
  forecastRows: ForecastRowSource;
}

/** Supplies shown when none are asked for. */
export const DEFAULT_SUPPLY_COUNT = 10;

const key = (cups: string, hourEnd: number) => `${cups}|${hourEnd}`;

interface DayRows {
  rows: Map<Stage, ForecastRow[]>;
  actuals: Map<string, number>;
}

/** One day's rows per stage, and the readings of the day only when some row needs them. */
async function readDay(day: string, deps: ForecastGatherDeps): Promise<DayRows> {
  const rows = new Map<Stage, ForecastRow[]>();
  for (const stage of REPORT_STAGES) {
    const list: ForecastRow[] = [];
    for await (const row of deps.forecastRows(stage, day)) list.push(row);
    if (list.length > 0) rows.set(stage, list);
  }
  const actuals = new Map<string, number>();
  if (rows.size > 0) {
    const [start, end] = localDayBoundsUtc(day, MARKET_ZONE);
    for await (const r of deps.readings.readingsBetween(start, end))
      actuals.set(key(r.cups, r.hourEnd), r.wh);
  }
  return { rows, actuals };
}

async function eachRow(
  days: readonly string[],
  deps: ForecastGatherDeps,
  visit: (stage: Stage, row: ForecastRow, actualWh: number | undefined) => void,
): Promise<number> {
  let count = 0;
  for (const day of days) {
    const { rows, actuals } = await readDay(day, deps);
    for (const [stage, list] of rows) {
      for (const row of list) visit(stage, row, actuals.get(key(row.cups, row.hourEnd)));
      count += list.length;
    }
  }
  return count;
}

/**
 * Gathers the forecast and band sections. `supplies` (20-character CUPS) picks the supply series;
 * without it, the `maxSupplies` supplies with the largest absolute error of prod (of pre when prod
 * has none) are shown.
 */
export async function gatherForecasts(
  grid: HourGrid,
  days: readonly string[],
  choice: { supplies?: readonly string[]; maxSupplies?: number },
  deps: ForecastGatherDeps,
): Promise<{ forecasts: ForecastSection; bands: BandSection; rows: number }> {
  const fleet = createFleetTotals(grid);
  const totals = createSupplyTotals();
  const rows = await eachRow(days, deps, (stage, row, actual) => {
    fleet.add(stage, row, actual);
    totals.add(stage, row.cups, actual, row.wh);
  });
  const fleetSection = fleet.result();
  const ranking: Stage = fleetSection.stages.prod ? 'prod' : 'pre';
  const chosen =
    choice.supplies ?? totals.largestErrors(ranking, choice.maxSupplies ?? DEFAULT_SUPPLY_COUNT);
  const series = createSupplySeries(
    grid,
    chosen.map((cups) => ({ cups, prodAbsErrorWh: totals.absErrorWh('prod', cups) })),
  );
  const bands = createBandErrors(totals.floorWh);
  if (rows > 0) {
    await eachRow(days, deps, (stage, row, actual) => {
      bands.add(stage, row.cups, actual, row.wh);
      if (series.wants(row.cups)) series.add(stage, row, actual);
    });
  }
  return {
    forecasts: {
      fleet: fleetSection,
      supplies: series.result(),
      selection: choice.supplies ? 'requested' : 'largest-error',
    },
    bands: bands.result(),
    rows,
  };
}
