/**
 * Puts a report fixture where `buildReport` reads it: readings in a real store, two model
 * versions in a registry (v1 prod since before the period, v2 registered as pre after the change
 * and promoted), and the alert incidents and e-mails the daily rules would have raised (one
 * day's e-mails left pending, as when the SMTP server is down). Forecasts and monitoring results
 * are served from the fixture through the report's two source functions.
 */
import { recordAttempt } from '../../shared/alerts/delivery.js';
import { planIncidents } from '../../shared/alerts/incidents.js';
import { evaluateWapeRule } from '../../shared/alerts/rules/accuracy.js';
import { evaluateDriftRule } from '../../shared/alerts/rules/drift.js';
import { HOUR_MS, localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { type ReportDeps } from '../../shared/pipelines/report.js';
import { type BlobStore, type Store } from '../../shared/ports.js';
import { type ModelManifest } from '../../shared/registry/manifest.js';
import { promote, registerVersion } from '../../shared/registry/registry.js';
import { type ForecastRow } from '../../shared/report/forecast-series.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { type AlertNotification, type Incident } from '../../shared/types.js';
import { POLICY } from './alert-factories.js';
import { type ReportFixture } from './report-fixture.js';

function manifest(
  version: string,
  createdAt: number,
  windowEnd: string,
  wape: number,
): Omit<ModelManifest, 'files'> {
  return {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version,
    runId: `train-${version}`,
    createdAt: new Date(createdAt).toISOString(),
    codeRevision: `${version}0c0ffee0123456789`,
    data: {
      windowStart: '2024-10-01',
      windowEnd,
      fingerprint: 'f'.repeat(64),
      supplies: 24,
      trainRows: 200_000,
      dataLatencyDays: 2,
      weather: 'forecast',
    },
    featureNames: ['localHour'],
    target: 'wh-over-level',
    hyperParameters: {},
    segments: [],
    centroidsFile: 'segments.json',
    metrics: {
      backtest: {
        model: { wape, mape: wape * 1.4, bias: 0.01, coverage: 0.79 },
        baselines: {
          seasonalNaive: { wape: wape * 1.45 },
          mean7: { wape: wape * 1.25 },
          median28: { wape: wape * 1.12 },
        },
      },
    },
    reference: {},
  };
}

/** Registers v1 (prod a month before the period) and v2 (pre, then prod) in `blobs`. */
export async function seedRegistry(f: ReportFixture, blobs: BlobStore): Promise<void> {
  const files = { 'segments.json': new TextEncoder().encode('{}') };
  const v1At = f.registeredAt - 40 * 24 * HOUR_MS;
  await registerVersion(blobs, manifest('v1', v1At, '2025-09-01', 0.27), files);
  await promote(blobs, new Date(v1At + 2 * HOUR_MS).toISOString(), 'v1');
  await registerVersion(
    blobs,
    manifest('v2', f.registeredAt, f.days[f.options.registerDay - 1] ?? f.from, 0.24),
    files,
  );
  await promote(blobs, new Date(f.promotedAt).toISOString(), 'v2');
}

/**
 * Runs the drift and WAPE rules day by day (at 08:00 of the next day) through the incident engine
 * and stores incidents and notices: every notice sent a minute later, except the last day's,
 * which stay pending after one failed attempt (the SMTP server was down).
 */
export async function seedAlerts(f: ReportFixture, store: Store): Promise<void> {
  let open: Incident[] = [];
  let last: { notifications: AlertNotification[]; now: number } | undefined;
  const policy = { ...POLICY, repeatIntervalMs: 72 * HOUR_MS };
  for (const { date, evaluation } of f.driftEvaluations) {
    const now = localDayBoundsUtc(date, 'Europe/Madrid')[1] + 8 * HOUR_MS;
    const days = f.monitoring.scores
      .filter((s) => s.date <= date)
      .map((s) => ({
        date: s.date,
        wapePct: (s.stages.prod?.wape ?? 0) * 100,
        baselineWapePct: {},
      }));
    const wape = evaluateWapeRule([{ subject: 'fleet prod', days }], {
      wapeLimitPct: 40,
      wapeDays: 2,
    });
    const prod = f.versions.get(`prod|${date}`) ?? 'v1';
    const plan = planIncidents([evaluateDriftRule(evaluation, prod), wape], open, now, policy);
    const sent = plan.notifications.map((n) => recordAttempt(n, now + 60_000));
    await store.saveAlerts({ incidents: plan.incidents, notifications: sent });
    if (plan.notifications.length > 0) last = { notifications: plan.notifications, now };
    open = await store.listIncidents({ status: 'firing' });
  }
  if (!last) return;
  const { notifications, now } = last;
  await store.saveAlerts({
    notifications: notifications.map((n) =>
      recordAttempt(n, now + 60_000, 'SMTP smtp.example.com:587 refused the connection (421)'),
    ),
  });
}

/** A SQLite store in `file` (created when missing). */
export function openSqliteStore(file: string): Promise<Store> {
  return openStore({
    storeUrl: `sqlite:${file}`,
    mongoDb: '',
    mongoPredCol: 'predictions',
    mongoMeteoCol: 'weather',
  });
}

async function* rowsOf(rows: readonly ForecastRow[] | undefined): AsyncIterable<ForecastRow> {
  for (const row of rows ?? []) yield row;
}

/** Seeds the store and registry, and returns the report's dependencies over them. */
export async function seedReportStores(
  f: ReportFixture,
  store: Store,
  blobs: BlobStore,
  now = localDayBoundsUtc(f.to, 'Europe/Madrid')[1] + 9 * HOUR_MS,
): Promise<ReportDeps & { lines: Record<string, unknown>[] }> {
  await store.upsertReadings(f.readings);
  await store.upsertSupplies(
    f.cups.map((cups) => ({
      cups,
      lastReading: f.readings.at(-1)?.hourEnd ?? null,
      firstReading: f.readings[0]?.hourEnd ?? null,
    })),
  );
  await seedRegistry(f, blobs);
  await seedAlerts(f, store);
  const { logger, lines } = createCapturingLogger();
  return {
    store,
    blobs,
    forecastRows: (stage, day) => rowsOf(f.forecasts.get(`${stage}|${day}`)),
    monitoring: async () => f.monitoring,
    now: () => now,
    logger,
    lines,
  };
}
