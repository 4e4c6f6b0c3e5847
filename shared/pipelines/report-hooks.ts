/**
 * Where the report reads what other parts of MCE store: the forecasts of each stage (daily
 * forecasting) and the daily monitoring results (scores per stage and baseline, drift tests).
 * These two functions are the only places that know those stores; until the stores exist they
 * yield nothing, and the report shows its empty states for the sections they feed.
 */
import { type Store } from '../ports.js';
import { type Stage } from '../registry/stages.js';
import { type ForecastRow } from '../report/forecast-series.js';
import { type MonitoringInputs } from '../report/monitoring.js';

async function* noRows(): AsyncIterable<ForecastRow> {
  // Nothing stores forecasts yet.
}

/**
 * The stored forecast rows of one stage and local day (every supply, every hour of the day).
 * Integration point: read them from the prediction store once it exists.
 */
export function storedForecastRows(
  _store: Store,
  _stage: Stage,
  _day: string,
): AsyncIterable<ForecastRow> {
  return noRows();
}

/**
 * The daily monitoring results of local days from..to: per day, each stage's WAPE and p10–p90
 * coverage with the baselines' WAPE on the same rows, and the drift evaluation (driftDayOf in
 * shared/report/monitoring.ts converts one). Integration point: read them from the daily
 * monitoring reports once they are stored.
 */
export async function storedMonitoring(
  _store: Store,
  _from: string,
  _to: string,
): Promise<MonitoringInputs> {
  return { scores: [], drift: [] };
}
