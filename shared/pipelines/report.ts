/**
 * `mce report`: gathers what happened over a period (forecasts against actuals, daily scores,
 * error by consumption band, drift, the model lineage, the alert e-mails) into one ReportData
 * document and renders it as a self-contained HTML page.
 */
import { addDays, dayRange, isCalendarDay } from '../calendar/days.js';
import { localDayBoundsUtc, localDayOf, localDayOfHourEnd, MARKET_ZONE } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type Logger } from '../logging.js';
import {
  type AlertStore,
  type BlobStore,
  type Clock,
  type ReadingStore,
  type SupplyStore,
} from '../ports.js';
import { listVersions, showVersion } from '../registry/registry.js';
import { buildAlertLog } from '../report/alert-log.js';
import { hourGrid } from '../report/forecast-series.js';
import { buildLineage } from '../report/lineage.js';
import {
  buildDriftSection,
  buildScoreSection,
  type MonitoringInputs,
} from '../report/monitoring.js';
import { type ChartAssets, renderReport } from '../report/render/render-report.js';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type ReportData } from '../report/report-data.js';
import { type ForecastRowSource, gatherForecasts } from './report-forecasts.js';

export interface ReportRequest {
  /** First local day; default 27 days before `to`. */
  from?: string;
  /** Last local day; default the day after the newest reading (the newest forecast day), or today. */
  to?: string;
  /** CUPS (20 characters) whose series to include; default the largest errors of prod. */
  supplies?: readonly string[];
  /** How many supplies the default selection shows. */
  maxSupplies?: number;
}

export interface ReportDeps {
  store: ReadingStore & SupplyStore & AlertStore;
  /** The model registry (artifacts). */
  blobs: BlobStore;
  /** Forecast rows of one stage and day: storedForecastRows in report-hooks.ts. */
  forecastRows: ForecastRowSource;
  /** Daily monitoring results of a period: storedMonitoring in report-hooks.ts. */
  monitoring: (from: string, to: string) => Promise<MonitoringInputs>;
  now: Clock;
  logger: Logger;
}

const DEFAULT_DAYS = 28;

function checkDay(flag: string, day: string | undefined): void {
  if (day !== undefined && !isCalendarDay(day)) {
    throw new InvalidInputError(`${flag} must be an existing day as YYYY-MM-DD, got "${day}"`);
  }
}

/**
 * The period a request covers, defaults filled in.
 * @throws InvalidInputError for a malformed day or a period that ends before it starts
 */
export async function resolvePeriod(
  request: ReportRequest,
  deps: Pick<ReportDeps, 'store' | 'now'>,
): Promise<{ from: string; to: string }> {
  checkDay('--from', request.from);
  checkDay('--to', request.to);
  let to = request.to;
  if (to === undefined) {
    const newest = (await deps.store.listSupplies()).reduce(
      (max, s) => Math.max(max, s.lastReading ?? Number.NEGATIVE_INFINITY),
      Number.NEGATIVE_INFINITY,
    );
    to = Number.isFinite(newest)
      ? addDays(localDayOfHourEnd(newest, MARKET_ZONE), 1)
      : localDayOf(deps.now(), MARKET_ZONE);
  }
  const from = request.from ?? addDays(to, 1 - DEFAULT_DAYS);
  if (from > to)
    throw new InvalidInputError(`The report period starts after it ends: ${from} to ${to}`);
  return { from, to };
}

async function gatherLineage(blobs: BlobStore) {
  const { versions, stages } = await listVersions(blobs);
  const manifests = await Promise.all(versions.map((v) => showVersion(blobs, v)));
  return buildLineage(manifests, stages);
}

/**
 * Builds the report document of a period from the stores.
 * @throws InvalidInputError for a bad period; whatever the stores throw
 */
export async function gatherReport(request: ReportRequest, deps: ReportDeps): Promise<ReportData> {
  const { from, to } = await resolvePeriod(request, deps);
  const grid = hourGrid(from, to);
  const [startMs, endMs] = [
    localDayBoundsUtc(from, MARKET_ZONE)[0],
    localDayBoundsUtc(to, MARKET_ZONE)[1],
  ];
  const gathered = await gatherForecasts(grid, dayRange(from, to), request, {
    readings: deps.store,
    forecastRows: deps.forecastRows,
  });
  const monitoring = await deps.monitoring(from, to);
  const [incidents, notifications] = await Promise.all([
    deps.store.listIncidents(),
    deps.store.listNotifications({ since: startMs }),
  ]);
  const data: ReportData = {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: deps.now(),
    timeZone: 'Europe/Madrid',
    from,
    to,
    forecasts: gathered.forecasts,
    scores: buildScoreSection(monitoring.scores, from, to),
    bands: gathered.bands,
    drift: buildDriftSection(monitoring.drift, from, to),
    lineage: await gatherLineage(deps.blobs),
    alerts: buildAlertLog(incidents, notifications, startMs, endMs),
  };
  deps.logger.info('report gathered', {
    from,
    to,
    forecastRows: gathered.rows,
    supplies: data.forecasts.supplies.length,
    scoredDays: data.scores.days.length,
    driftDays: data.drift.days.length,
    versions: data.lineage.versions.length,
    notices: data.alerts.notices.length,
  });
  return data;
}

/** Gathers the report of a period and renders its page. */
export async function buildReport(
  request: ReportRequest,
  deps: ReportDeps & { chartAssets: ChartAssets },
): Promise<{ data: ReportData; html: string }> {
  const data = await gatherReport(request, deps);
  return { data, html: renderReport(data, deps.chartAssets) };
}
