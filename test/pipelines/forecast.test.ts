import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { indexWeather } from '../../shared/features/weather-index.js';
import { forecastSupplyDays } from '../../shared/forecast/supply-days.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { forecastDay, type SupplyForecast } from '../../shared/models/model-forecast.js';
import {
  FORECAST_COMPLETED_TOPIC,
  forecastWindow,
  loadBatchData,
} from '../../shared/pipelines/forecast.js';
import { loadTrainingData } from '../../shared/pipelines/train-data.js';
import { type Store } from '../../shared/ports.js';
import { loadModel } from '../../shared/registry/load-model.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import { type PredictionRow, type Stage } from '../../shared/types.js';
import {
  buildForecastFixture,
  type FillOptions,
  FLEET,
  type ForecastFixture,
  fillStore,
  MARCH_DAY,
  OCTOBER_DAY,
} from '../helpers/forecast-fixture.js';
import { STORE_ADAPTERS } from '../helpers/store-adapters.js';

let fixture: ForecastFixture;
let ticks = 0;
/** A new tick id per run: plans are stored in the shared registry by run id. */
const tick = () => `tick-${++ticks}`;
const sqlite = STORE_ADAPTERS.find((a) => a.name === 'sqlite')!;

beforeAll(async () => {
  fixture = await buildForecastFixture();
}, 60_000);
afterAll(() => fixture?.cleanUp());

async function storeFor(options: FillOptions): Promise<Store> {
  const store = await sqlite.open();
  await fillStore(store, fixture, options);
  return store;
}

function depsFor(store: Store, now = Date.parse('2024-03-30T09:00:00Z')) {
  return {
    store,
    blobs: fixture.blobs,
    logger: createCapturingLogger().logger,
    now: () => now,
    models: createModelCache(fixture.blobs),
  };
}

async function rowsOf(store: Store, stage: Stage, day: string): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const row of store.predictionsOfDay(stage, day)) rows.push(row);
  return rows;
}

function perSupply(rows: readonly PredictionRow[]): Map<string, PredictionRow[]> {
  const out = new Map<string, PredictionRow[]>();
  for (const r of rows) out.set(r.cups, [...(out.get(r.cups) ?? []), r]);
  return out;
}

describe('forecast: plan and batches in process', () => {
  it.each([
    [MARCH_DAY, 23],
    [OCTOBER_DAY, 25],
  ])(
    'gives every supply exactly the hours of %s (%i), prod and pre apart, p10 <= wh <= p90',
    async (day, hours) => {
      // Prepare
      const store = await storeFor({ day });
      const supplies = await store.listSupplies();
      // Act
      const result = await runForecastInProcess(
        { tickId: tick(), day, batchSize: 5 },
        depsFor(store),
      );
      // Assess
      expect(result.stages.map((s) => [s.stage, s.outcome])).toEqual([
        ['prod', 'planned'],
        ['pre', 'planned'],
      ]);
      const [start] = localDayBoundsUtc(day, 'Europe/Madrid');
      for (const stage of ['prod', 'pre'] as const) {
        const rows = await rowsOf(store, stage, day);
        const bySupply = perSupply(rows);
        expect([...bySupply.keys()].sort()).toEqual(supplies.map((s) => s.cups).sort());
        for (const list of bySupply.values()) {
          expect(list.map((r) => r.hourEnd)).toEqual(
            Array.from({ length: hours }, (_, i) => start + (i + 1) * HOUR_MS),
          );
        }
        expect(rows.every((r) => r.p10 <= r.wh && r.wh <= r.p90 && r.p10 >= 0)).toBe(true);
        expect(new Set(rows.map((r) => r.modelVersion))).toEqual(
          new Set([stage === 'prod' ? fixture.prod : fixture.pre]),
        );
        const run = await store.getRun({ kind: 'forecast', day, stage });
        expect(run).toMatchObject({
          status: 'complete',
          batchesPlanned: 3,
          batchesDone: 3,
          batchesFailed: 0,
          suppliesPlanned: supplies.length,
          suppliesForecast: supplies.length,
          rows: supplies.length * hours,
          unforecast: {},
          notified: true,
        });
      }
      const completed = result.published.filter((m) => m.topic === FORECAST_COMPLETED_TOPIC);
      expect(completed.map((m) => (m.data as { stage: string }).stage)).toEqual(['prod', 'pre']);
    },
  );

  it('re-planning the same tick changes nothing; a later run replaces every supply-day', async () => {
    const store = await storeFor({ day: MARCH_DAY });
    const input = { tickId: tick(), day: MARCH_DAY, stages: ['prod'] as Stage[], batchSize: 4 };
    await runForecastInProcess(input, depsFor(store));
    const first = await rowsOf(store, 'prod', MARCH_DAY);

    const again = await runForecastInProcess(input, depsFor(store));
    const same = await rowsOf(store, 'prod', MARCH_DAY);
    const later = await runForecastInProcess(
      { ...input, tickId: tick() },
      depsFor(store, Date.parse('2024-03-30T10:00:00Z')),
    );
    const rerun = await rowsOf(store, 'prod', MARCH_DAY);

    expect(again.stages[0]?.outcome).toBe('replanned');
    expect(again.batches.every((b) => b.outcome.outcome === 'already-recorded')).toBe(true);
    expect(again.published.filter((m) => m.topic === FORECAST_COMPLETED_TOPIC)).toEqual([]);
    expect(same).toEqual(first);
    expect(later.stages[0]?.outcome).toBe('planned');
    const strip = (r: PredictionRow) => ({ ...r, runId: '', issuedAt: 0 });
    expect(rerun.map(strip)).toEqual(first.map(strip));
    expect(new Set(rerun.map((r) => r.runId)).size).toBe(1);
    expect(rerun[0]?.runId).not.toBe(first[0]?.runId);
  });
});

describe('forecast: what a batch reads', () => {
  it('forecasts from the loaded window exactly as from the whole history', async () => {
    // Prepare: the window a batch reads, and every reading and weather row since the fleet began.
    const store = await storeFor({ day: OCTOBER_DAY });
    const supplies = await fixture.source.listSupplies();
    const model = await loadModel(fixture.blobs, { version: fixture.prod });
    const latency = model.manifest.data.dataLatencyDays;
    const window = await loadBatchData(
      store,
      supplies.map((s) => s.cups),
      OCTOBER_DAY,
      latency,
    );
    const whole = await loadTrainingData(fixture.source, supplies, FLEET.from, OCTOBER_DAY);
    const meta = { model, day: OCTOBER_DAY, runId: 'r', issuedAt: 0 };
    // Act
    const fromWindow = forecastSupplyDays({
      ...meta,
      supplies: window.features,
      weather: window.weather,
    });
    const fromWhole = forecastSupplyDays({
      ...meta,
      supplies: whole.features,
      weather: whole.weather,
    });
    // Assess
    expect(forecastWindow(OCTOBER_DAY, latency)).toEqual({
      first: '2024-09-28',
      last: OCTOBER_DAY,
    });
    expect(fromWindow.days).toHaveLength(supplies.length);
    expect(fromWindow).toEqual(fromWhole);
  });
});

describe('forecastDay over a batch', () => {
  it('gives each supply what it gives that supply alone (segments predicted together)', async () => {
    const store = await storeFor({ day: MARCH_DAY });
    const model = await loadModel(fixture.blobs, { version: fixture.prod });
    const cups = (await store.listSupplies()).map((s) => s.cups);
    const data = await loadBatchData(store, cups, MARCH_DAY, model.manifest.data.dataLatencyDays);
    const weather = indexWeather(data.weather, { observedFallback: false });
    const plain = (f: SupplyForecast) => ({
      cups: f.cups,
      segment: f.segment,
      hourEnd: [...f.hourEnd],
      point: [...f.forecast.point],
      p10: [...f.forecast.p10],
      p90: [...f.forecast.p90],
      x: [...f.features.x.data],
      levelWh: [...f.features.levelWh],
    });

    const together = forecastDay(model, data.features, MARCH_DAY, weather).map(plain);
    const alone = data.features.map((s) => plain(forecastDay(model, [s], MARCH_DAY, weather)[0]!));

    expect(new Set(together.map((f) => f.segment)).size).toBeGreaterThan(1);
    expect(together).toEqual(alone);
  });
});

describe('forecast: fallbacks', () => {
  it('forecasts a new supply without readings from its segment profile and median level', async () => {
    const [newcomer] = await fixture.source.listSupplies();
    const store = await storeFor({ day: MARCH_DAY, readings: (r) => r.cups !== newcomer!.cups });
    await store.upsertSupplies([{ cups: newcomer!.cups, firstReading: null }]);

    await runForecastInProcess(
      { tickId: tick(), day: MARCH_DAY, stages: ['prod'], batchSize: 50 },
      depsFor(store),
    );

    const rows = perSupply(await rowsOf(store, 'prod', MARCH_DAY));
    const mine = rows.get(newcomer!.cups)!;
    expect(mine).toHaveLength(23);
    expect(mine.every((r) => r.fallback === 'new-supply' && r.wh > 0)).toBe(true);
    const others = [...rows.entries()].filter(([c]) => c !== newcomer!.cups);
    expect(others.every(([, list]) => list.every((r) => r.fallback !== 'new-supply'))).toBe(true);
    const run = await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' });
    expect(run?.fallbacks['new-supply']).toBe(1);
  });

  it('uses seasonal naive for a supply whose last visible days are flat', async () => {
    const [flat] = await fixture.source.listSupplies();
    const store = await storeFor({ day: OCTOBER_DAY });
    // The last two visible days (D−2, D−3) replaced by a constant, as a stuck meter sends.
    const [from] = localDayBoundsUtc(addDays(OCTOBER_DAY, -3), 'Europe/Madrid');
    const [, to] = localDayBoundsUtc(addDays(OCTOBER_DAY, -2), 'Europe/Madrid');
    const stuck = (await store.readings(flat!.cups, from, to)).map((r) => ({
      ...r,
      kind: 'RF5D' as const,
      wh: 321,
    }));
    await store.upsertReadings(stuck);

    await runForecastInProcess(
      { tickId: tick(), day: OCTOBER_DAY, stages: ['prod'], batchSize: 50 },
      depsFor(store),
    );

    const mine = perSupply(await rowsOf(store, 'prod', OCTOBER_DAY)).get(flat!.cups)!;
    expect(mine.every((r) => r.fallback === 'flat-readings')).toBe(true);
    // Seasonal naive: the same local hour a week before (2024-10-20, a 24-hour day).
    const [weekAgo] = localDayBoundsUtc(addDays(OCTOBER_DAY, -7), 'Europe/Madrid');
    const week = await store.readings(flat!.cups, weekAgo, weekAgo + 24 * HOUR_MS);
    const expected = [...week.slice(0, 3), week[2]!, ...week.slice(3)].map((r) => r.wh);
    expect(mine.map((r) => r.wh)).toEqual(expected.map((wh) => Math.round(wh * 10) / 10));
  });

  it('uses the segment profile scaled to what is known for a short history', async () => {
    const [young] = await fixture.source.listSupplies();
    const [since] = localDayBoundsUtc(addDays(MARCH_DAY, -5), 'Europe/Madrid');
    const store = await storeFor({
      day: MARCH_DAY,
      readings: (r) => r.cups !== young!.cups || r.hourEnd > since,
    });

    await runForecastInProcess(
      { tickId: tick(), day: MARCH_DAY, stages: ['prod'], batchSize: 50 },
      depsFor(store),
    );

    const mine = perSupply(await rowsOf(store, 'prod', MARCH_DAY)).get(young!.cups)!;
    expect(mine).toHaveLength(23);
    expect(mine.every((r) => r.fallback === 'short-history')).toBe(true);
  });

  it('flags an earlier forecast when the origin day has none, then climatology when none at all', async () => {
    const issue = Date.parse('2024-03-30T09:00:00Z'); // 10:00 Madrid on D−1
    const earlier = await storeFor({
      day: MARCH_DAY,
      weather: (w) => w.kind === 'observed' || w.issuedAt < issue - 3 * HOUR_MS,
    });
    const none = await storeFor({ day: MARCH_DAY, weather: (w) => w.kind === 'observed' });

    for (const store of [earlier, none]) {
      await runForecastInProcess(
        { tickId: tick(), day: MARCH_DAY, stages: ['prod'], batchSize: 50 },
        depsFor(store),
      );
    }

    const earlierRows = await rowsOf(earlier, 'prod', MARCH_DAY);
    const noneRows = await rowsOf(none, 'prod', MARCH_DAY);
    // The D−2 forecast reaches 48 h ahead: to 10:00 on D−0; later hours fall back to climatology.
    const byReason = (rows: PredictionRow[]) =>
      rows.reduce<Record<string, number>>((m, r) => {
        m[String(r.fallback)] = (m[String(r.fallback)] ?? 0) + 1;
        return m;
      }, {});
    expect(Object.keys(byReason(earlierRows)).sort()).toEqual([
      'weather-climatology',
      'weather-earlier-forecast',
    ]);
    expect(noneRows.every((r) => r.fallback === 'weather-climatology')).toBe(true);
    const run = await none.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' });
    expect(run?.fallbacks).toEqual({ 'weather-climatology': 12 });
  });
});

describe('forecast: refusals', () => {
  it('fails the run with a clear reason when the stage points at a missing version', async () => {
    const store = await storeFor({ day: MARCH_DAY });
    const deps = depsFor(store);
    const missing = {
      ...deps,
      blobs: {
        ...fixture.blobs,
        get: async (path: string) =>
          path.endsWith(`${fixture.prod}/manifest.json`) ? undefined : fixture.blobs.get(path),
      },
    };

    const result = await runForecastInProcess(
      { tickId: tick(), day: MARCH_DAY, stages: ['prod'], batchSize: 5 },
      missing,
    );

    expect(result.stages[0]).toMatchObject({ outcome: 'failed' });
    const run = await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' });
    expect(run).toMatchObject({ status: 'failed', error: `No model version "${fixture.prod}"` });
    expect(await rowsOf(store, 'prod', MARCH_DAY)).toEqual([]);
  });

  it('says what is missing when no reading is visible at the origin', async () => {
    const store = await storeFor({ day: MARCH_DAY });

    const result = await runForecastInProcess(
      { tickId: tick(), day: '2025-06-01', stages: ['prod'], batchSize: 5 },
      depsFor(store),
    );

    expect(result.stages[0]).toMatchObject({ outcome: 'failed' });
    const reason = (result.stages[0] as { reason: string }).reason;
    expect(reason).toMatch(
      /^No readings visible at the origin of 2025-06-01 \(11:00 Europe\/Madrid on 2025-05-31\): the forecast reads readings of 2025-05-03\.\.2025-05-30, and the store's readings run /,
    );
  });
});
