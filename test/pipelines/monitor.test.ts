/**
 * The daily monitor in process, on a real SQLite store and a registry folder: a fixture fleet
 * with a trained prod and pre, five forecast days (both stages) and the actuals of the first
 * three. Each test works on its own copy of that world.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus, type MemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { addDays } from '../../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { loadConfig } from '../../shared/config.js';
import { createCapturingLogger } from '../../shared/logging.js';
import {
  MAX_DRIFT_SUPPLIES,
  type MonitorDeps,
  meteringArrivals,
  ROLLBACK_RULE,
  runMonitor,
  spread,
  TRAIN_REQUESTED_TOPIC,
} from '../../shared/pipelines/monitor.js';
import { monitorSettings } from '../../shared/pipelines/monitor-settings.js';
import { storedMonitoring } from '../../shared/pipelines/report-hooks.js';
import { type BlobStore, type Mailer, type Store } from '../../shared/ports.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { readStages, updateStages } from '../../shared/registry/stages.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import { runMonitorInProcess } from '../../shared/runtime/monitor-in-process.js';
import { openStore } from '../../shared/runtime/open-store.js';
import {
  type FileRecord,
  type MailMessage,
  type MonitorReport,
  type PredictionRow,
  type Reading,
  type SupplyDayPrediction,
} from '../../shared/types.js';
import {
  buildForecastFixture,
  type ForecastFixture,
  fillStore,
  SMALL,
} from '../helpers/forecast-fixture.js';

/** Forecast days of both stages; the first three have their actuals in. */
const FORECAST_DAYS = ['2024-03-21', '2024-03-22', '2024-03-23', '2024-03-24', '2024-03-25'];
const SCORED = FORECAST_DAYS.slice(0, 3);
const RUN_DAY = '2024-03-24';
/** 09:00 in Madrid on the run day (CET). */
const AT_RUN = Date.parse('2024-03-24T08:00:00Z');
const DAY_MS = 24 * HOUR_MS;

/** Limits no rule reaches: a run alerts only on what a test configures. */
const QUIET: Record<string, string> = {
  // A drift window of 5 days: the three scored forecast days are enough (half of it, rounded up).
  MCE_MONITOR_DRIFT_WINDOW_DAYS: '5',
  MCE_ALERT_WAPE_LIMIT_PCT: '1000',
  MCE_ALERT_SKILL_MIN: '-1000000',
  MCE_ALERT_DRIFT_MIN_EFFECT: '1000',
  MCE_ALERT_DRIFT_MIN_CRAMERS_V: '1',
  MCE_ALERT_FROM: 'MCE <mce@example.com>',
  MCE_ALERT_TO: 'ops@example.com',
};

let fixture: ForecastFixture;
let baseDir: string;
const cleanups: (() => Promise<void> | void)[] = [];

function sqliteConfig(dir: string) {
  return {
    storeUrl: `sqlite:${join(dir, 'store', 'mce.db')}`,
    mongoDb: '',
    mongoPredCol: 'predictions',
    mongoMeteoCol: 'weather',
  };
}

beforeAll(async () => {
  fixture = await buildForecastFixture();
  baseDir = mkdtempSync(join(tmpdir(), 'mce-monitor-base-'));
  cpSync(join(fixture.dir, 'artifacts'), join(baseDir, 'artifacts'), { recursive: true });
  const store = await openStore(sqliteConfig(baseDir));
  const blobs = createFileBlobStore(join(baseDir, 'artifacts'));
  // Readings known before the first forecast day (from October on, for a retraining), weather.
  const [firstStart] = localDayBoundsUtc(FORECAST_DAYS[0]!, 'Europe/Madrid');
  for (const day of ['2023-11-15', '2023-12-20', '2024-01-24', '2024-02-28', '2024-03-25']) {
    await fillStore(store, fixture, { day, readings: (r) => r.hourEnd <= firstStart });
  }
  const models = createModelCache(blobs);
  for (const day of FORECAST_DAYS) {
    await runForecastInProcess(
      { tickId: `tick-${day}`, day, batchSize: 6 },
      {
        store,
        blobs,
        models,
        logger: createCapturingLogger().logger,
        // 11:00 in Madrid the day before.
        now: () => localDayBoundsUtc(addDays(day, -1), 'Europe/Madrid')[0] + 11 * HOUR_MS,
      },
    );
  }
  for (const s of await store.listSupplies()) {
    const [from] = localDayBoundsUtc(SCORED[0]!, 'Europe/Madrid');
    const [, to] = localDayBoundsUtc(SCORED.at(-1)!, 'Europe/Madrid');
    await store.upsertReadings(await fixture.source.readings(s.cups, from, to));
  }
  await store.close();
}, 300_000);

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  fixture?.cleanUp();
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
});

interface World {
  store: Store;
  blobs: BlobStore;
  bus: MemoryBus;
  mails: MailMessage[];
  deps: MonitorDeps;
  dir: string;
  /** Sets the monitor's clock. */
  at(ms: number): void;
}

/** A mailer that keeps what it is given. */
function capturingMailer(mails: MailMessage[]): Mailer {
  return {
    kind: 'outbox',
    async send(message) {
      mails.push(message);
      return { messageId: message.messageId, accepted: [...message.to], destination: 'memory' };
    },
    async close() {},
  };
}

/** A copy of the base world, with a capturing mailer and bus, and settings from `env`. */
async function world(env: Record<string, string> = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'mce-monitor-'));
  cpSync(baseDir, dir, { recursive: true });
  const store = await openStore(sqliteConfig(dir));
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const blobs = createFileBlobStore(join(dir, 'artifacts'));
  const bus = createMemoryBus();
  const mails: MailMessage[] = [];
  let clock = AT_RUN;
  const deps: MonitorDeps = {
    store,
    blobs,
    bus,
    mailer: capturingMailer(mails),
    logger: createCapturingLogger().logger,
    now: () => clock,
    models: createModelCache(blobs),
    settings: monitorSettings(
      loadConfig({ ...QUIET, ...env }),
      (day) => `mce monitor --date ${day} --show`,
    ),
  };
  return {
    store,
    blobs,
    bus,
    mails,
    deps,
    dir,
    at: (ms) => {
      clock = ms;
    },
  };
}

async function rowsOf(store: Store, stage: 'prod' | 'pre', day: string): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const row of store.predictionsOfDay(stage, day)) rows.push(row);
  return rows;
}

/** Rewrites a stage's stored forecasts of the scored days, hour by hour (same run, same issue). */
async function rewritePredictions(
  store: Store,
  stage: 'prod' | 'pre',
  wh: (row: PredictionRow, actual: number | undefined) => number,
): Promise<void> {
  for (const day of SCORED) {
    const [from, to] = localDayBoundsUtc(day, 'Europe/Madrid');
    const bySupply = new Map<string, PredictionRow[]>();
    for (const row of await rowsOf(store, stage, day)) {
      bySupply.set(row.cups, [...(bySupply.get(row.cups) ?? []), row]);
    }
    const days: SupplyDayPrediction[] = [];
    for (const [cups, rows] of bySupply) {
      const actual = new Map(
        (await store.readings(cups, from, to)).map((r: Reading) => [r.hourEnd, r.wh]),
      );
      const first = rows[0]!;
      days.push({
        cups,
        day,
        modelVersion: first.modelVersion,
        runId: first.runId,
        issuedAt: first.issuedAt,
        hours: rows.map((r) => {
          const v = wh(r, actual.get(r.hourEnd));
          return { hourEnd: r.hourEnd, wh: v, p10: v * 0.8, p90: v * 1.2, fallback: r.fallback };
        }),
      });
    }
    await store.replacePredictions(stage, days);
  }
}

/** Pre forecasts every hour exactly: it beats prod on every scored day. */
const preIsPerfect = (w: World) => rewritePredictions(w.store, 'pre', (r, a) => a ?? r.wh);

describe('runMonitor', () => {
  it('scores the days with actuals, tests drift against the prod reference and stores the report', async () => {
    const w = await world();

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    // The lookback reaches the run day's eve: 03-21..03-23 have actuals (F5D: final).
    expect(report.days.map((d) => [d.date, d.status])).toEqual(SCORED.map((d) => [d, 'final']));
    for (const d of report.days) {
      expect(d.actualsCoverage).toBe(1);
      expect(d.stages.prod).toMatchObject({ modelVersion: fixture.prod, hours: 12 * 24 });
      expect(d.stages.pre).toMatchObject({ modelVersion: fixture.pre, hours: 12 * 24 });
      expect(d.stages.prod!.wape).toBeGreaterThan(0);
      expect(d.stages.prod!.wape).toBeLessThan(1); // a fraction, not a percent
    }
    expect(await w.store.getMonitorReport(RUN_DAY)).toEqual(report);
    expect(report.ranAt).toBe(AT_RUN);

    // Drift: the week before the run day with prod forecasts, against the prod version.
    const drift = report.drift;
    expect(drift).toMatchObject({
      from: SCORED[0],
      to: '2024-03-23',
      modelVersion: fixture.prod,
      correction: 'benjamini-hochberg',
      alpha: 0.01,
      skipped: null,
    });
    const byName = new Map(drift.features.map((f) => [f.feature, f]));
    // The temperature as its anomaly (not raw); the fallback share is left out (no forecasts in
    // the week before to compare with) and the segment membership skipped: 12 supplies are fewer
    // observations than a test needs (30).
    expect([...byName.keys()]).toEqual([
      'temperatureAnomalyC',
      'levelWh',
      'lagWeekRel',
      'lagLastDayRel',
      'sameHourMean7Rel',
      'lastDayMeanRel',
      'historyDays',
      'dayMix',
    ]);
    // Hourly inputs count every hour of 12 supplies over 3 days, per-day ones each supply-day once.
    expect(byName.get('temperatureAnomalyC')!.recentSize).toBe(12 * 24 * 3);
    expect(byName.get('temperatureAnomalyC')!.minEffect).toBe(1000 * 5);
    expect(byName.get('levelWh')!.recentSize).toBe(12 * 3);
    expect(byName.get('historyDays')!.recentSize).toBe(12 * 3);
    expect(byName.get('lagWeekRel')!.recentSize).toBe(12 * 24 * 3);
    expect(MAX_DRIFT_SUPPLIES).toBeGreaterThan(12);

    // Nothing reaches the quiet limits: no alert, no retrain, nothing to promote.
    expect(report.alerts).toEqual({
      firing: [],
      opened: 0,
      resolved: 0,
      sent: 0,
      pending: 0,
      lastError: null,
    });
    expect(w.mails).toEqual([]);
    expect(report.retrain).toMatchObject({ requested: false, runId: null });
    expect(w.bus.published(TRAIN_REQUESTED_TOPIC)).toEqual([]);
    expect(report.promotion.action).toBe('none');
  });

  it('says why drift was not tested: no prod version', async () => {
    const w = await world();
    await updateStages(w.blobs, (doc) => {
      doc.prod = null;
      return true;
    });

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(report.drift).toMatchObject({
      modelVersion: null,
      features: [],
      skipped: 'no prod version',
      from: '2024-03-19',
      to: '2024-03-23',
    });
    // The days are scored all the same (by the versions that forecast them).
    expect(report.days.filter((d) => d.status === 'final')).toHaveLength(3);
    expect(report.promotion).toMatchObject({
      action: 'none',
      reason: 'no prod version to compare with',
    });
  });

  it('compares the fallback share with the week before when that week had prod forecasts', async () => {
    const w = await world({ MCE_MONITOR_DRIFT_WINDOW_DAYS: '4' });

    const report = await runMonitor({ date: '2024-03-27' }, w.deps);

    // Window 03-23..03-26 holds the forecasts of 03-23..03-25; the 4 days before, 03-21 and 03-22.
    expect(report.drift).toMatchObject({ from: '2024-03-23', to: '2024-03-25', skipped: null });
    const fallback = report.drift.features.find((f) => f.feature === 'fallbackShare');
    expect(fallback).toMatchObject({ kind: 'categorical', test: 'chi-squared' });
    // Prediction hours: 12 supplies × 24 hours × 3 days against × 2 days.
    expect(fallback!.recentSize).toBe(12 * 24 * 3);
    expect(fallback!.referenceSize).toBe(12 * 24 * 2);
    // No forecast of the run day was planned: the forecast-run rule says so.
    expect(report.alerts.firing.map((f) => f.ruleId)).toEqual(['forecast-run']);
  });

  it('says why drift was not tested: no prod forecast in the window', async () => {
    const w = await world();

    const report = await runMonitor({ date: '2024-04-10' }, w.deps);

    expect(report.drift).toMatchObject({
      modelVersion: fixture.prod,
      skipped: 'prod forecasts on 0 of the 5 days 2024-04-05..2024-04-09, fewer than 3',
      features: [],
    });
  });

  it('says why drift was not tested: a prod version registered without reference samples', async () => {
    const w = await world();
    const path = join(w.dir, 'artifacts', 'models', fixture.prod, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: { name: string }[] };
    manifest.files = manifest.files.filter((f) => f.name !== 'reference.json');
    writeFileSync(path, JSON.stringify(manifest));

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(report.drift.skipped).toBe(
      `prod ${fixture.prod} has no reference samples (registered before they were kept)`,
    );
    expect(report.drift.features).toEqual([]);
  });

  it('mails one drift incident for the prod version, listing every feature in alarm', async () => {
    // Any significant difference alarms.
    const w = await world({
      MCE_ALERT_DRIFT_MIN_EFFECT: '0',
      MCE_ALERT_DRIFT_MIN_CRAMERS_V: '0',
      MCE_ALERT_DRIFT_ALPHA: '0.5',
    });

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    const alarms = report.drift.features.filter((f) => f.alarm).map((f) => f.feature);
    expect(alarms.length).toBeGreaterThan(1);
    const drift = report.alerts.firing.filter((f) => f.ruleId === 'drift');
    expect(drift).toHaveLength(1);
    expect(drift[0]!.subject).toBe(`inputs of ${fixture.prod}`);
    expect(drift[0]!.summary).toContain(
      `drift in ${alarms.length} of ${report.drift.features.length} inputs`,
    );
    expect(w.mails).toHaveLength(1);
    const [mail] = w.mails;
    expect(mail!.subject).toContain(`inputs of ${fixture.prod}`);
    for (const feature of alarms) expect(mail!.text).toContain(`${feature}: `);
    expect(mail!.text).toContain(`mce monitor --date ${RUN_DAY} --show`);
    expect(report.alerts).toMatchObject({ opened: 1, sent: 1, pending: 0 });
  });

  it('requests a retrain when a configured rule fires, once per day, and not again within the cooldown', async () => {
    const w = await world({
      MCE_ALERT_WAPE_LIMIT_PCT: '1',
      MCE_ALERT_WAPE_DAYS: '1',
      MCE_RETRAIN_ON: 'wape-high',
      MCE_RETRAIN_COOLDOWN_DAYS: '7',
    });

    const first = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(first.alerts.firing.map((f) => [f.ruleId, f.subject])).toEqual([
      ['wape-high', 'fleet prod'],
    ]);
    expect(first.retrain).toEqual({
      requested: true,
      reason: 'wape-high (fleet prod) fire',
      runId: `retrain-${RUN_DAY}`,
    });
    expect(w.bus.published(TRAIN_REQUESTED_TOPIC).map((m) => m.data)).toEqual([
      { runId: `retrain-${RUN_DAY}` },
    ]);
    expect(w.mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^\[MCE (WARNING|CRITICAL)\] fleet prod: /),
    ]);

    // The tick redelivered ten minutes later: the same report, no second e-mail, the same run id.
    w.at(AT_RUN + 10 * 60_000);
    const again = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(w.mails).toHaveLength(1);
    expect(again.alerts).toMatchObject({ opened: 0, sent: 0, pending: 0 });
    expect(again.days).toEqual(first.days);
    expect(again.retrain.runId).toBe(`retrain-${RUN_DAY}`);
    expect(w.bus.published(TRAIN_REQUESTED_TOPIC).map((m) => m.data)).toEqual([
      { runId: `retrain-${RUN_DAY}` },
      { runId: `retrain-${RUN_DAY}` },
    ]);
    expect((await w.store.getMonitorReport(RUN_DAY))!.ranAt).toBe(AT_RUN + 10 * 60_000);

    // The next day the rule still fires, but the request of the day before is within the cooldown.
    w.at(AT_RUN + DAY_MS);
    const next = await runMonitor({ date: addDays(RUN_DAY, 1) }, w.deps);

    expect(next.alerts.firing.map((f) => f.ruleId)).toContain('wape-high');
    expect(next.retrain.requested).toBe(false);
    expect(next.retrain.reason).toContain('within the 7 days cooldown');
    expect(w.bus.published(TRAIN_REQUESTED_TOPIC)).toHaveLength(2);
    // Still within the repeat interval (72 h): no reminder.
    expect(w.mails).toHaveLength(1);
    // Days found final by an earlier run are not scored again (03-24 waits for its actuals), but
    // the rules still read them from the earlier reports.
    expect(next.days.map((d) => [d.date, d.status])).toEqual([['2024-03-24', 'waiting']]);

    w.at(AT_RUN + 2 * DAY_MS);
    const third = await runMonitor({ date: addDays(RUN_DAY, 2) }, w.deps);

    expect(third.alerts.firing.map((f) => f.ruleId)).toContain('wape-high');
    expect(third.retrain.requested).toBe(false);
    expect(w.bus.published(TRAIN_REQUESTED_TOPIC)).toHaveLength(2);
  });

  it('scores a provisional day again only when its readings or forecasts changed, and the report reads its latest scoring', async () => {
    // Prepare: 03-24's P5D (10 % above the validated values) but for its last supply-hour.
    const w = await world();
    const day = '2024-03-24';
    const [from, to] = localDayBoundsUtc(day, 'Europe/Madrid');
    const truth: Reading[] = [];
    for (const s of await w.store.listSupplies()) {
      truth.push(...(await fixture.source.readings(s.cups, from, to)));
    }
    const p5d = (r: Reading): Reading => ({
      ...r,
      wh: Math.round(r.wh * 1.1),
      kind: 'P5D',
      fileDate: 20240325,
      knownDate: 20240325,
      version: 0,
      method: null,
      firm: null,
    });
    await w.store.upsertReadings(truth.slice(0, -1).map(p5d));
    const monitorOn = (offset: number) => {
      w.at(AT_RUN + offset * DAY_MS);
      return runMonitor({ date: addDays(RUN_DAY, offset) }, w.deps);
    };
    const statuses = (r: MonitorReport) => r.days.map((d) => [d.date, d.status]);

    // 1. The first run scores every day: 03-24 provisional on its P5D, 03-25 waits for actuals.
    const first = await monitorOn(2);
    expect(statuses(first)).toEqual([
      ...SCORED.map((d) => [d, 'final']),
      [day, 'provisional'],
      ['2024-03-25', 'waiting'],
    ]);
    const provisional = first.days.find((d) => d.date === day)!;
    expect(provisional.stages.prod?.hours).toBe(12 * 24 - 1);

    // 2. No new reading, no new forecast: nothing scored; the report keeps the earlier scoring.
    const second = await monitorOn(3);
    expect(second.days).toEqual([]);
    const kept = await storedMonitoring(w.store, SCORED[0]!, day);
    expect(kept.scores.map((s) => [s.date, s.status])).toEqual(statuses(first).slice(0, 4));
    expect(kept.scores.at(-1)?.stages.prod?.wape).toBe(provisional.stages.prod?.wape);

    // 3. The missing hour's P5D lands: provisional again, on every hour, other numbers.
    await w.store.upsertReadings(truth.slice(-1).map(p5d));
    const third = await monitorOn(4);
    expect(statuses(third)).toEqual([[day, 'provisional']]);
    const complete = third.days[0]!;
    expect(complete.stages.prod?.hours).toBe(12 * 24);
    expect(complete.stages.prod?.wape).not.toBe(provisional.stages.prod?.wape);

    // 4. The day forecast again (a later tick): scored again, on the new runs' rows.
    await runForecastInProcess(
      { tickId: `tick-${day}-again`, day, batchSize: 6 },
      {
        store: w.store,
        blobs: w.blobs,
        models: w.deps.models,
        logger: createCapturingLogger().logger,
        now: () => localDayBoundsUtc(addDays(day, -1), 'Europe/Madrid')[0] + 12 * HOUR_MS,
      },
    );
    const fourth = await monitorOn(5);
    expect(statuses(fourth)).toEqual([[day, 'provisional']]);
    const runs = (r: MonitorReport) => r.days[0]?.inputs?.forecasts.prod?.runIds;
    expect(runs(fourth)).toHaveLength(1);
    expect(runs(fourth)).not.toEqual(runs(third));

    // 5. The F5D replaces every value: final; later runs leave it.
    await w.store.upsertReadings(
      truth.map((r) => ({ ...r, fileDate: 20240420, knownDate: 20240420 })),
    );
    const fifth = await monitorOn(6);
    expect(statuses(fifth)).toEqual([[day, 'final']]);
    expect((await monitorOn(7)).days).toEqual([]);

    // The report reads each forecast day's latest scoring over every monitor report.
    const latest = await storedMonitoring(w.store, SCORED[0]!, '2024-03-25');
    expect(latest.scores.map((s) => [s.date, s.status])).toEqual([
      ...SCORED.map((d) => [d, 'final']),
      [day, 'final'],
    ]);
    expect(latest.scores.at(-1)?.stages.prod?.wape).toBe(fifth.days[0]?.stages.prod?.wape);
  });

  it('promotes pre once it beat prod on the configured days, recording reason and evidence', async () => {
    const w = await world();
    await preIsPerfect(w);

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(report.promotion).toMatchObject({
      action: 'promoted',
      prod: fixture.prod,
      pre: fixture.pre,
    });
    expect(report.promotion.evidence.map((d) => d.date)).toEqual(SCORED);
    for (const d of report.promotion.evidence) {
      expect(d.preWape).toBe(0);
      expect(d.prodWape).toBeGreaterThan(0);
    }
    const { doc } = await readStages(w.blobs);
    expect([doc.prod, doc.pre]).toEqual([fixture.pre, fixture.prod]);
    const event = doc.history.filter((e) => e.stage === 'prod').at(-1)!;
    expect(event).toMatchObject({
      action: 'promote',
      version: fixture.pre,
      previous: fixture.prod,
      at: new Date(AT_RUN).toISOString(),
      reason: `monitor ${RUN_DAY}: ${report.promotion.reason}`,
      evidence: report.promotion.evidence,
    });

    // Redelivered: the promotion is not repeated, and the report still says it was made.
    w.at(AT_RUN + 10 * 60_000);
    const again = await runMonitor({ date: RUN_DAY }, w.deps);

    const after = await readStages(w.blobs);
    expect(after.doc.history).toEqual(doc.history);
    expect(again.promotion).toEqual(report.promotion);
  });

  it('only recommends the promotion when automatic promotion is off', async () => {
    const w = await world({ MCE_PROMOTE_AUTO: 'false' });
    await preIsPerfect(w);
    const before = await readStages(w.blobs);

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(report.promotion.action).toBe('recommend-promotion');
    expect(report.promotion.reason).toContain('automatic promotion is off');
    expect((await readStages(w.blobs)).doc).toEqual(before.doc);
  });

  it('does not promote a pre that won on fewer days than configured', async () => {
    const w = await world({ MCE_PROMOTE_MIN_DAYS: '4' });
    await preIsPerfect(w);

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(report.promotion.action).toBe('none');
    expect(report.promotion.reason).toContain('on 3 day(s), fewer than 4');
  });

  it('raises the rollback incident when a new prod does worse than the version it replaced', async () => {
    const w = await world();
    // prod was promoted the day before the forecasts, replacing pre, which runs on as the shadow.
    await updateStages(w.blobs, (doc) => {
      doc.history.push({
        at: '2024-03-20T12:00:00.000Z',
        action: 'promote',
        stage: 'prod',
        version: fixture.prod,
        previous: fixture.pre,
      });
      return true;
    });
    await preIsPerfect(w);
    const stages = await readStages(w.blobs);

    const report = await runMonitor({ date: RUN_DAY }, w.deps);

    expect(report.promotion).toMatchObject({
      action: 'rollback-recommended',
      prod: fixture.prod,
      pre: fixture.pre,
    });
    expect(report.promotion.evidence.map((d) => d.date)).toEqual(SCORED);
    expect(report.alerts.firing).toEqual([
      expect.objectContaining({
        ruleId: ROLLBACK_RULE,
        subject: `prod ${fixture.prod}`,
        severity: 'critical',
      }),
    ]);
    expect(w.mails).toHaveLength(1);
    expect(w.mails[0]!.subject).toContain(`prod ${fixture.prod}: rollback recommended`);
    expect(w.mails[0]!.text).toContain('mce models rollback');
    // A recommendation: the stages are left as they are.
    expect((await readStages(w.blobs)).doc).toEqual(stages.doc);
  });
});

describe('meteringArrivals', () => {
  const file = (object: string, o: Partial<FileRecord> = {}): FileRecord => ({
    bucket: 'raw',
    object,
    generation: '1',
    sha256: 'a'.repeat(64),
    kind: 'F5D',
    status: 'done',
    rowsOk: 10,
    rowsRejected: 0,
    updatedAt: Date.parse('2024-03-05T07:00:00Z'),
    error: null,
    ...o,
  });

  it('groups done metering files by distributor and kind, dated by their generation day', () => {
    const arrivals = meteringArrivals([
      file('in/F5D_0031_0762_20240304.0.bz2'),
      file('P5D_0031_0762_20240305.1', {
        kind: 'P5D',
        updatedAt: Date.parse('2024-03-05T09:00:00Z'),
      }),
      file('F5D_0031_0762_20240305.0', { updatedAt: Date.parse('2024-03-06T07:00:00Z') }),
      file('F5D_0022_0762_20240301.0'),
      // Not learnt from: failed, not yet classified, or not a metering file name.
      file('F5D_0022_0762_20240302.0', { status: 'failed' }),
      file('F5D_0022_0762_20240303.0', { kind: null }),
      file('readme.txt'),
    ]);

    expect(arrivals).toEqual([
      {
        distributor: '0031 F5D',
        arrivals: [
          // Midnight starting 4 March in Madrid (CET) is 23:00 UTC the day before.
          {
            dataEnd: Date.parse('2024-03-03T23:00:00Z'),
            arrivedAt: Date.parse('2024-03-05T07:00:00Z'),
          },
          {
            dataEnd: Date.parse('2024-03-04T23:00:00Z'),
            arrivedAt: Date.parse('2024-03-06T07:00:00Z'),
          },
        ],
      },
      {
        distributor: '0031 P5D',
        arrivals: [
          {
            dataEnd: Date.parse('2024-03-04T23:00:00Z'),
            arrivedAt: Date.parse('2024-03-05T09:00:00Z'),
          },
        ],
      },
      {
        distributor: '0022 F5D',
        arrivals: [
          {
            dataEnd: Date.parse('2024-02-29T23:00:00Z'),
            arrivedAt: Date.parse('2024-03-05T07:00:00Z'),
          },
        ],
      },
    ]);
  });

  it('is empty for an empty ledger', () => {
    expect(meteringArrivals([])).toEqual([]);
  });
});

describe('spread', () => {
  it('keeps a short list whole and spreads a long one evenly over its whole range', () => {
    expect(spread(['a', 'b'], 3)).toEqual(['a', 'b']);
    expect(spread(['a', 'b', 'c', 'd'], 2)).toEqual(['a', 'c']);
    const cups = Array.from({ length: 2500 }, (_, i) => `ES${String(i).padStart(4, '0')}`);
    const kept = spread(cups, MAX_DRIFT_SUPPLIES);
    expect(kept).toHaveLength(MAX_DRIFT_SUPPLIES);
    expect(new Set(kept).size).toBe(MAX_DRIFT_SUPPLIES);
    expect([kept[0], kept[1], kept[2], kept.at(-1)]).toEqual([
      'ES0000',
      'ES0002',
      'ES0005',
      'ES2497',
    ]);
  });
});

describe('runMonitorInProcess', () => {
  it('handles the train-requested message it publishes by training here: a new pre is registered', async () => {
    const w = await world({
      MCE_ALERT_WAPE_LIMIT_PCT: '1',
      MCE_ALERT_WAPE_DAYS: '1',
      MCE_RETRAIN_ON: 'wape-high',
    });
    const { bus: _, ...deps } = w.deps;

    const { report, retrains } = await runMonitorInProcess(
      { date: RUN_DAY },
      { ...deps, codeRevision: 'test' },
      SMALL,
    );

    expect(report.retrain.runId).toBe(`retrain-${RUN_DAY}`);
    expect(retrains).toHaveLength(1);
    const [retrain] = retrains;
    expect(retrain).toMatchObject({ runId: `retrain-${RUN_DAY}`, outcome: 'registered' });
    if (retrain?.outcome !== 'registered') throw new Error('no version registered');
    const { doc } = await readStages(w.blobs);
    expect(doc.pre).toBe(retrain.version);
    expect(doc.prod).toBe(fixture.prod);
    expect([fixture.prod, fixture.pre]).not.toContain(retrain.version);
  }, 120_000);

  it('trains nothing when no retrain is requested', async () => {
    const w = await world();
    const { bus: _, ...deps } = w.deps;

    const { report, retrains } = await runMonitorInProcess(
      { date: RUN_DAY },
      { ...deps, codeRevision: 'test' },
    );

    expect(report.retrain.requested).toBe(false);
    expect(retrains).toEqual([]);
  });
});
