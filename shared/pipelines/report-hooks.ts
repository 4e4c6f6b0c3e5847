/**
 * Where the report reads what other parts of MCE store: the forecasts of each stage (the
 * prediction store, written by daily forecasting) and the daily monitoring results (the monitor
 * reports: scores per stage and baseline, drift tests). These two functions are the only places
 * that know those stores.
 */
import { latestScoredDays } from '../monitoring/report-days.js';
import { type Store } from '../ports.js';
import { type Stage } from '../registry/stages.js';
import { type ForecastRow } from '../report/forecast-series.js';
import { driftDayOf, type MonitoringInputs } from '../report/monitoring.js';
import { type DailyScore, type DriftDay } from '../report/report-data.js';
import { type MonitorReport, type ScoredDay, STAGES } from '../types.js';

/** The stored forecast rows of one stage and local day (every supply, every hour of the day). */
export function storedForecastRows(
  store: Store,
  stage: Stage,
  day: string,
): AsyncIterable<ForecastRow> {
  return store.predictionsOfDay(stage, day);
}

/** Monitor runs re-score a forecast day for weeks (late F5D): every later report may hold one. */
const LAST_DAY = '9999-12-31';

/** One scored forecast day as the report draws it; undefined while it waits or has no stage. */
export function dailyScoreOf(day: ScoredDay): DailyScore | undefined {
  if (day.status === 'waiting') return undefined;
  const stages: DailyScore['stages'] = {};
  for (const stage of STAGES) {
    const s = day.stages[stage];
    if (s !== undefined) {
      stages[stage] = { wape: s.wape, coverage: s.coverage, modelVersion: s.modelVersion };
    }
  }
  // The baselines are scored on each stage's hours; prod's are the day's reference.
  const reference = day.stages.prod ?? day.stages.pre;
  if (reference === undefined) return undefined;
  return { date: day.date, status: day.status, stages, baselines: { ...reference.baselines } };
}

/** The drift tests of one monitor run as the report draws them (dated by the run's day). */
export function driftDayOfReport(report: MonitorReport): DriftDay | undefined {
  const { drift } = report;
  if (drift.skipped !== null || drift.features.length === 0) return undefined;
  return driftDayOf(report.date, drift, drift.modelVersion);
}

/**
 * The daily monitoring results of local days from..to, from the stored monitor reports: each
 * forecast day's latest scoring (a later run's re-scoring, e.g. final on F5D, replaces an
 * earlier provisional one; days still waiting are left out) and the drift tests of each run day
 * in the period.
 */
export async function storedMonitoring(
  store: Store,
  from: string,
  to: string,
): Promise<MonitoringInputs> {
  const reports = await store.listMonitorReports(from, LAST_DAY);
  const scores = [...latestScoredDays(reports).values()]
    .filter((day) => day.date >= from && day.date <= to)
    .flatMap((day) => dailyScoreOf(day) ?? [])
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const drift = reports
    .filter((report) => report.date <= to)
    .flatMap((report) => driftDayOfReport(report) ?? []);
  return { scores, drift };
}
