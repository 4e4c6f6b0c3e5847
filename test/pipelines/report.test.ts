/**
 * buildReport over real stores: readings and alerts in SQLite, the registry in a blob store,
 * forecasts and monitoring results served by the two source functions, from a seeded fixture.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { InvalidInputError } from '../../shared/errors.js';
import { buildReport, gatherReport, resolvePeriod } from '../../shared/pipelines/report.js';
import { storedForecastRows, storedMonitoring } from '../../shared/pipelines/report-hooks.js';
import { type Store } from '../../shared/ports.js';
import { readReportData } from '../../shared/report/render/render-report.js';
import { type ReportData } from '../../shared/report/report-data.js';
import { readChartAssets } from '../../shared/runtime/chart-assets.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { monitorReport, scoredDay, stageDayScore } from '../helpers/monitor-report-factory.js';
import { reportFixture } from '../helpers/report-fixture.js';
import { openSqliteStore, seedReportStores } from '../helpers/report-stores.js';

const fixture = reportFixture();
let dir = '';
let store: Store;
let deps: Awaited<ReturnType<typeof seedReportStores>>;
let data: ReportData;

async function sqliteStore(name: string): Promise<Store> {
  return openSqliteStore(join(dir, name));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mce-report-'));
  store = await sqliteStore('mce.db');
  deps = await seedReportStores(fixture, store, createMemoryBlobStore());
  data = await gatherReport({ from: fixture.from, to: fixture.to }, deps);
}, 60_000);

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('gatherReport', () => {
  it('sums the fleet per stage and hour, 25 hours on the last Sunday of October', () => {
    const day = '2025-10-26';
    const [start, end] = localDayBoundsUtc(day, 'Europe/Madrid');
    const rows = fixture.forecasts.get(`prod|${day}`) ?? [];
    const { hourEnd, stages } = data.forecasts.fleet;
    const slots = hourEnd.flatMap((t, i) => (t > start && t <= end ? [i] : []));
    const expected = (t: number) =>
      rows.filter((r) => r.hourEnd === t).reduce((s, r) => s + r.wh, 0);

    expect(slots).toHaveLength(25);
    for (const i of slots) expect(stages.prod?.wh[i]).toBeCloseTo(expected(hourEnd[i] ?? 0), 0);
    expect(data.forecasts.fleet.supplies).toEqual({ prod: 24, pre: 24 });
  });

  it('shows fleet actuals for complete hours only: none on the last day, whose readings are not in', () => {
    const [start] = localDayBoundsUtc(fixture.to, 'Europe/Madrid');
    const prod = data.forecasts.fleet.stages.prod;
    const last = data.forecasts.fleet.hourEnd.flatMap((t, i) => (t > start ? [i] : []));

    expect(last.every((i) => prod?.actualWh[i] === null && prod?.wh[i] !== null)).toBe(true);
    expect(prod?.actualWh[0]).not.toBeNull();
  });

  it('charts the 10 supplies with the largest prod error, largest first', () => {
    const actual = new Map(fixture.readings.map((r) => [`${r.cups}|${r.hourEnd}`, r.wh]));
    const errors = new Map<string, number>();
    for (const [key, rows] of fixture.forecasts) {
      if (!key.startsWith('prod|')) continue;
      for (const r of rows) {
        const a = actual.get(`${r.cups}|${r.hourEnd}`);
        if (a !== undefined) errors.set(r.cups, (errors.get(r.cups) ?? 0) + Math.abs(a - r.wh));
      }
    }
    const error = (cups: string) => errors.get(cups) ?? 0;
    const ranked = [...fixture.cups].sort((a, b) => error(b) - error(a)).slice(0, 10);

    expect(data.forecasts.selection).toBe('largest-error');
    expect(data.forecasts.supplies.map((s) => s.cups)).toEqual(ranked);
    expect(data.forecasts.supplies[0]?.prodAbsErrorWh).toBeCloseTo(error(ranked[0] ?? ''), 0);
  });

  it('scores the bands over the hours with actuals and takes scores and drift of the period', () => {
    const hours = (data.bands.stages.prod ?? []).reduce((n, b) => n + b.n, 0);

    expect(hours).toBe(24 * 20 * 24 + 24); // 20 days with actuals, one of them 25 hours
    expect(data.scores.days).toHaveLength(fixture.monitoring.scores.length);
    expect(data.scores.baselineNames).toEqual(['seasonalNaive', 'mean7', 'median28']);
    expect(data.drift.days.some((d) => d.features.some((f) => f.alarm))).toBe(true);
  });

  it('tells the lineage with the promotion and the alert e-mails, one of them pending', () => {
    expect(data.lineage.versions.map((v) => v.version)).toEqual(['v1', 'v2']);
    expect(data.lineage.changes.map((c) => `${c.action} ${c.stage} ${c.version}`)).toEqual([
      'register pre v1',
      'promote prod v1',
      'register pre v2',
      'promote prod v2',
      'promote pre v1', // the replaced prod runs on as the shadow
    ]);
    expect(data.alerts.notices.length).toBeGreaterThan(3);
    expect(data.alerts.notices.some((n) => n.ruleId === 'drift' && n.kind === 'firing')).toBe(true);
    expect(data.alerts.notices.some((n) => n.status === 'pending' && n.lastError !== null)).toBe(
      true,
    );
  });

  it('charts the supplies asked for, in that order', async () => {
    const asked = [fixture.cups[5] ?? '', fixture.cups[2] ?? ''];

    const report = await gatherReport(
      { from: fixture.from, to: fixture.to, supplies: asked },
      deps,
    );

    expect(report.forecasts.selection).toBe('requested');
    expect(report.forecasts.supplies.map((s) => s.cups)).toEqual(asked);
  });

  it('logs counts and never a CUPS', () => {
    const line = deps.lines.find((l) => l.message === 'report gathered');

    expect(line).toMatchObject({ from: fixture.from, to: fixture.to, supplies: 10 });
    expect(JSON.stringify(deps.lines)).not.toMatch(/ES\d{16}/);
  });
});

describe('buildReport', () => {
  it('renders a page whose embedded data is the gathered document', async () => {
    const { html, data: built } = await buildReport(
      { from: fixture.from, to: fixture.to },
      { ...deps, chartAssets: await readChartAssets() },
    );

    expect(readReportData(html)).toEqual(built);
    expect(html).toContain('uPlot');
  });
});

describe('resolvePeriod', () => {
  it('ends the day after the newest reading and starts 27 days before', async () => {
    expect(await resolvePeriod({}, deps)).toEqual({ from: '2025-10-06', to: '2025-11-02' });
    expect(await resolvePeriod({ to: '2025-03-31' }, deps)).toEqual({
      from: '2025-03-04',
      to: '2025-03-31',
    });
  });

  it('ends today on an empty store', async () => {
    const empty = await sqliteStore('empty.db');
    const now = () => Date.UTC(2025, 2, 30, 23, 30); // 00:30 on 31 March in Madrid

    expect(await resolvePeriod({}, { store: empty, now })).toEqual({
      from: '2025-03-04',
      to: '2025-03-31',
    });
    await empty.close();
  });

  it.each([
    [{ from: '2025-3-1' }, /--from must be an existing day as YYYY-MM-DD, got "2025-3-1"/],
    [{ to: '2025-02-30x' }, /--to must be an existing day/],
    [{ to: '2025-02-30' }, /--to must be an existing day as YYYY-MM-DD, got "2025-02-30"/],
    [{ from: '2025-03-10', to: '2025-03-01' }, /starts after it ends/],
  ])('refuses %j', async (request, message) => {
    await expect(resolvePeriod(request, deps)).rejects.toThrow(InvalidInputError);
    await expect(resolvePeriod(request, deps)).rejects.toThrow(message);
  });
});

describe('the stored sources', () => {
  it('read the prediction store, and no monitoring before it is stored, over a 23-hour March day', async () => {
    const day = '2025-03-30';
    const cups = ['ES0031000000000001AB', 'ES0031000000000002CD'];
    const [start] = localDayBoundsUtc(day, 'Europe/Madrid');
    await store.replacePredictions(
      'prod',
      cups.map((c, k) => ({
        cups: c,
        day,
        modelVersion: 'v1',
        runId: 'run-1',
        issuedAt: start - 13 * 3_600_000,
        hours: Array.from({ length: 23 }, (_, i) => ({
          hourEnd: start + (i + 1) * 3_600_000,
          wh: 100 * (k + 1) + i,
          p10: 50,
          p90: 500,
          fallback: null,
        })),
      })),
    );

    const report = await gatherReport(
      { from: day, to: day },
      {
        ...deps,
        forecastRows: (stage, d) => storedForecastRows(store, stage, d),
        monitoring: (from, to) => storedMonitoring(store, from, to),
      },
    );

    expect(report.forecasts.fleet.hourEnd).toHaveLength(23);
    expect(Object.keys(report.forecasts.fleet.stages)).toEqual(['prod']);
    expect(report.forecasts.fleet.stages.prod?.wh.slice(0, 3)).toEqual([300, 302, 304]);
    expect(report.forecasts.fleet.supplies).toEqual({ prod: 2 });
    expect(report.scores.days).toEqual([]);
    expect(report.drift.days).toEqual([]);
  });

  it('give each forecast day its latest scoring and each run day its drift tests', async () => {
    // Prepare: 03-10 scored provisional on 03-11, re-scored final on 04-20 (after the period);
    // 03-11 waits, 03-12 has no stage; drift tested on 03-11, skipped on 03-12, tested on 03-20 (after the period).
    const monitored = await sqliteStore('monitor.db');
    const drift = monitorReport().drift;
    const feature = {
      feature: 'temperatureC',
      kind: 'continuous' as const,
      test: 'ks' as const,
      statistic: 0.3,
      pValue: 0.001,
      adjustedPValue: 0.004,
      effectName: 'wasserstein/sd',
      effect: 0.4,
      minEffect: 0.1,
      alarm: true,
      referenceSize: 1000,
      recentSize: 900,
    };
    const prod = stageDayScore({ wape: 0.3, coverage: 0.7, baselines: { median28: 0.35 } });
    const pre = stageDayScore({ stage: 'pre', modelVersion: 'v-pre', wape: 0.25, coverage: 0.75 });
    await monitored.putMonitorReport(
      monitorReport({
        date: '2025-03-11',
        days: [
          scoredDay({ date: '2025-03-10', status: 'provisional', stages: { prod, pre } }),
          scoredDay({ date: '2025-03-09', status: 'final', stages: { pre } }),
        ],
        drift: { ...drift, features: [feature], skipped: null },
      }),
    );
    await monitored.putMonitorReport(
      monitorReport({
        date: '2025-03-12',
        days: [
          scoredDay({ date: '2025-03-11', status: 'waiting', stages: {} }),
          scoredDay({ date: '2025-03-12', status: 'provisional', stages: {} }),
        ],
      }),
    );
    await monitored.putMonitorReport(
      monitorReport({
        date: '2025-03-20',
        days: [],
        drift: { ...drift, features: [feature], skipped: null },
      }),
    );
    await monitored.putMonitorReport(
      monitorReport({
        date: '2025-04-20',
        days: [
          scoredDay({
            date: '2025-03-10',
            status: 'final',
            stages: { prod: { ...prod, wape: 0.2 } },
          }),
        ],
      }),
    );

    // Act
    const inputs = await storedMonitoring(monitored, '2025-03-09', '2025-03-15');
    await monitored.close();

    // Assess
    expect(inputs.scores).toEqual([
      {
        date: '2025-03-09',
        status: 'final',
        stages: { pre: { wape: 0.25, coverage: 0.75, modelVersion: 'v-pre' } },
        baselines: pre.baselines,
      },
      {
        date: '2025-03-10',
        status: 'final',
        stages: { prod: { wape: 0.2, coverage: 0.7, modelVersion: 'v-20250101' } },
        baselines: { median28: 0.35 },
      },
    ]);
    expect(inputs.drift).toEqual([
      {
        date: '2025-03-11',
        modelVersion: drift.modelVersion,
        correction: drift.correction,
        alpha: drift.alpha,
        features: [
          {
            feature: 'temperatureC',
            test: 'ks',
            pValue: 0.001,
            adjustedPValue: 0.004,
            effectName: 'wasserstein/sd',
            effect: 0.4,
            minEffect: 0.1,
            alarm: true,
          },
        ],
      },
    ]);
  });
});
