/**
 * Where the report reads what other parts of MCE store: the forecasts of each stage (the
 * prediction store, written by daily forecasting) and the daily monitoring results (scores per
 * stage and baseline, drift tests). These two functions are the only places that know those
 * stores; until the monitoring results are stored that one yields nothing, and the report shows
 * its empty states for the sections it feeds.
 */
import { type Store } from '../ports.js';
import { type Stage } from '../registry/stages.js';
import { type ForecastRow } from '../report/forecast-series.js';
import { type MonitoringInputs } from '../report/monitoring.js';

/** The stored forecast rows of one stage and local day (every supply, every hour of the day). */
export function storedForecastRows(
  store: Store,
  stage: Stage,
  day: string,
): AsyncIterable<ForecastRow> {
  return store.predictionsOfDay(stage, day);
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
