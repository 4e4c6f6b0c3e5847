import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { BASELINE_NAMES, baselineForecast } from '../../shared/models/baselines.js';
import { originFeatures } from '../../shared/pipelines/monitor-data.js';
import { scoreForecastDays } from '../../shared/pipelines/monitor-score.js';
import { type Store } from '../../shared/ports.js';
import { loadModel } from '../../shared/registry/load-model.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import { type PredictionRow, type Reading, type ScoredDay } from '../../shared/types.js';
import {
  buildForecastFixture,
  type ForecastFixture,
  fillStore,
  MARCH_DAY,
} from '../helpers/forecast-fixture.js';
import { cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

/** The forecast day scored: 2024-03-31, 23 hours. */
const DAY = MARCH_DAY;
const [DAY_START, DAY_END] = localDayBoundsUtc(DAY, 'Europe/Madrid');
const sqlite = STORE_ADAPTERS.find((a) => a.name === 'sqlite')!;
let fixture: ForecastFixture;
let store: Store;
let truth: Reading[];

/** A store with the weeks before DAY (no reading of DAY yet) and both stages' forecasts of DAY. */
async function forecastStore(): Promise<Store> {
  const opened = await sqlite.open();
  await fillStore(opened, fixture, { day: DAY, readings: (r) => r.hourEnd <= DAY_START });
  await runForecastInProcess(
    { tickId: 'tick-monitor', day: DAY, batchSize: 5 },
    {
      store: opened,
      blobs: fixture.blobs,
      models: createModelCache(fixture.blobs),
      logger: createCapturingLogger().logger,
      now: () => Date.parse('2024-03-30T09:00Z'),
    },
  );
  return opened;
}

beforeAll(async () => {
  fixture = await buildForecastFixture();
  store = await forecastStore();
  truth = [];
  for (const s of await store.listSupplies()) {
    truth.push(...(await fixture.source.readings(s.cups, DAY_START, DAY_END)));
  }
}, 120_000);
afterAll(async () => {
  fixture?.cleanUp();
  await cleanUpStores();
});

function deps() {
  return { store, blobs: fixture.blobs, models: createModelCache(fixture.blobs) };
}

/** DAY's readings as the daily P5D brings them: 10 % above the F5D values, known on April 1. */
function p5d(r: Reading): Reading {
  return {
    ...r,
    wh: Math.round(r.wh * 1.1),
    kind: 'P5D',
    fileDate: 20240401,
    knownDate: 20240401,
    version: 0,
    method: null,
    firm: null,
  };
}

/** The validated F5D that replaces them, a month later. */
function f5d(r: Reading): Reading {
  return { ...r, fileDate: 20240502, knownDate: 20240502 };
}

/** Scores DAY (days 2024-03-29..04-01 are looked at; only DAY has forecasts). */
async function score(
  minActualsCoverage = 0.9,
  previous: readonly ScoredDay[] = [],
  on: Store = store,
) {
  return scoreForecastDays(
    { ...deps(), store: on },
    {
      runDay: '2024-04-02',
      lookbackDays: 4,
      minActualsCoverage,
      previous: new Map(previous.map((d) => [d.date, d])),
    },
  );
}

async function rowsOf(stage: 'prod' | 'pre', on: Store = store): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const row of on.predictionsOfDay(stage, DAY)) rows.push(row);
  return rows;
}

/**
 * The WAPE of the prod forecast and of each baseline over the hours that have a reading,
 * computed here directly from the stored rows, the readings and the origin features.
 */
async function expectedProd(readings: readonly Reading[]) {
  const actual = new Map(readings.map((r) => [`${r.cups}|${r.hourEnd}`, r.wh]));
  const rows = await rowsOf('prod');
  const model = await loadModel(fixture.blobs, { version: fixture.prod });
  const cups = [...new Set(rows.map((r) => r.cups))];
  const origin = await originFeatures({ store }, { day: DAY, cups, model });
  const sums = { actual: 0, model: 0, hours: 0 } as Record<string, number>;
  const baselines = BASELINE_NAMES.map((n) => [n, baselineForecast(origin.set, n)] as const);
  for (const [i, s] of origin.set.supply.entries()) {
    const a = actual.get(`${origin.cups[s]}|${origin.set.hourEnd[i]}`);
    if (a === undefined) continue;
    const row = rows.find((r) => r.cups === origin.cups[s] && r.hourEnd === origin.set.hourEnd[i]);
    sums.actual! += a;
    sums.model! += Math.abs(row!.wh - a);
    sums.hours! += 1;
    for (const [name, b] of baselines) sums[name] = (sums[name] ?? 0) + Math.abs(b[i]! - a);
  }
  return {
    hours: sums.hours,
    wape: sums.model! / sums.actual!,
    baselines: Object.fromEntries(BASELINE_NAMES.map((n) => [n, sums[n]! / sums.actual!])),
  };
}

describe('scoreForecastDays', () => {
  it('waits, scores provisional on P5D, then final with other numbers once F5D replaces it', async () => {
    const supplies = [...new Set(truth.map((r) => r.cups))].sort();
    expect(supplies).toHaveLength(12);

    // 1. P5D of 5 supplies out of 12: coverage 5/12 is below 0.9, the day waits.
    const firstFive = truth.filter((r) => supplies.indexOf(r.cups) < 5);
    await store.upsertReadings(firstFive.map(p5d));
    const waiting = await score();

    expect(waiting).toEqual([
      {
        date: DAY,
        status: 'waiting',
        actualsCoverage: 5 / 12,
        stages: {},
        inputs: {
          readings: 5 * 23,
          kinds: { P5D: 5 * 23 },
          newestUploadedAt: 0,
          digest: expect.stringMatching(/^[0-9a-f]{16}$/),
          forecasts: {
            prod: { rows: 276, runIds: [expect.any(String)], digest: expect.any(String) },
            pre: { rows: 276, runIds: [expect.any(String)], digest: expect.any(String) },
          },
        },
      },
    ]);

    // 2. P5D of every supply but one hour of the last: scored, provisional, on 275 hours.
    const lastHour = (r: Reading) => r.cups === supplies[11] && r.hourEnd === DAY_END;
    const p5dReadings = truth.filter((r) => !lastHour(r)).map(p5d);
    await store.upsertReadings(p5dReadings);
    const [provisional] = await score();

    const expectedP5d = await expectedProd(p5dReadings);
    expect(provisional).toMatchObject({
      date: DAY,
      status: 'provisional',
      actualsCoverage: 275 / 276,
    });
    const prod = provisional?.stages.prod;
    const pre = provisional?.stages.pre;
    expect(prod).toMatchObject({ stage: 'prod', modelVersion: fixture.prod, hours: 275 });
    expect(pre).toMatchObject({ stage: 'pre', modelVersion: fixture.pre, hours: 275 });
    expect(expectedP5d.hours).toBe(275);
    expect(prod?.wape).toBeCloseTo(expectedP5d.wape, 6);
    // Baselines on exactly the scored hours: the missing hour is left out of theirs too.
    for (const name of BASELINE_NAMES) {
      expect(prod?.baselines[name]).toBeCloseTo(expectedP5d.baselines[name]!, 6);
      expect(pre?.baselines[name]).toBe(prod?.baselines[name]);
    }
    expect(prod?.bySegment.reduce((n, s) => n + s.hours, 0)).toBe(275);
    expect(prod?.byBand.reduce((n, b) => n + b.hours, 0)).toBe(275);
    const preModel = await loadModel(fixture.blobs, { version: fixture.pre });
    const preSegments = new Set(preModel.manifest.segments.map((s) => s.index));
    expect(pre?.bySegment.every((s) => preSegments.has(s.segment))).toBe(true);

    // 3. The F5D file brings every hour with the validated values: final, other numbers.
    await store.upsertReadings(truth.map(f5d));
    const [final] = await score();

    const expectedF5d = await expectedProd(truth);
    expect(final).toMatchObject({ date: DAY, status: 'final', actualsCoverage: 1 });
    expect(final?.stages.prod?.hours).toBe(276);
    expect(final?.stages.prod?.wape).toBeCloseTo(expectedF5d.wape, 6);
    expect(final?.stages.prod?.wape).not.toBeCloseTo(prod?.wape ?? 0, 3);
    for (const name of BASELINE_NAMES) {
      expect(final?.stages.prod?.baselines[name]).toBeCloseTo(expectedF5d.baselines[name]!, 6);
    }

    // 4. Small chunks read the same; a day stored final is not scored again.
    const chunked = await scoreForecastDays(deps(), {
      runDay: '2024-04-01',
      lookbackDays: 1,
      minActualsCoverage: 0.9,
      previous: new Map(),
      chunkSupplies: 5,
    });
    expect(chunked).toEqual([final]);
    expect(await score(0.9, [final!])).toEqual([]);
    // A provisional day stored before fingerprints were kept is scored again.
    const { inputs: _, ...unprinted } = provisional!;
    expect(await score(0.9, [unprinted])).toEqual([final]);
  }, 60_000);

  it('scores a provisional or waiting day again only when its readings or forecasts changed', async () => {
    // Prepare: a store of its own, holding DAY's forecasts and no reading of DAY.
    const own = await forecastStore();
    const supplies = [...new Set(truth.map((r) => r.cups))].sort();
    const lastHour = (r: Reading) => r.cups === supplies[11] && r.hourEnd === DAY_END;
    const run = (previous: ScoredDay, minActualsCoverage = 0.9) =>
      score(minActualsCoverage, [previous], own);

    // 1. P5D of 5 supplies: waiting; unchanged, left out; under a lower threshold, scored.
    await own.upsertReadings(truth.filter((r) => supplies.indexOf(r.cups) < 5).map(p5d));
    const [waiting] = await score(0.9, [], own);
    expect(waiting?.status).toBe('waiting');
    expect(await run(waiting!)).toEqual([]);
    const [lowered] = await run(waiting!, 0.3);
    expect(lowered).toMatchObject({ status: 'provisional', actualsCoverage: 5 / 12 });

    // 2. P5D of every supply but one hour: scored again; then nothing new, nothing scored.
    await own.upsertReadings(truth.filter((r) => !lastHour(r)).map(p5d));
    const [partial] = await run(lowered!);
    expect(partial).toMatchObject({ status: 'provisional', actualsCoverage: 275 / 276 });
    expect(partial?.stages.prod?.hours).toBe(275);
    expect(await run(partial!)).toEqual([]);

    // 3. The missing hour's P5D arrives: provisional again, with the new hour in the numbers.
    await own.upsertReadings(truth.filter(lastHour).map(p5d));
    const [complete] = await run(partial!);
    expect(complete).toMatchObject({ status: 'provisional', actualsCoverage: 1 });
    expect(complete?.stages.prod?.hours).toBe(276);
    expect(complete?.stages.prod?.wape).not.toBe(partial?.stages.prod?.wape);
    expect(await run(complete!)).toEqual([]);

    // 4. One supply's pre day forecast again by a later run: scored again, pre's numbers move.
    const preDay = (await rowsOf('pre', own)).filter((r) => r.cups === supplies[0]);
    await own.replacePredictions('pre', [
      {
        cups: supplies[0]!,
        day: DAY,
        modelVersion: preDay[0]!.modelVersion,
        runId: 'pre-again',
        issuedAt: preDay[0]!.issuedAt + 1,
        hours: preDay.map((r) => ({ ...r, wh: r.wh * 2, p10: r.p10 * 2, p90: r.p90 * 2 })),
      },
    ]);
    const [reforecast] = await run(complete!);
    expect(reforecast?.status).toBe('provisional');
    expect(reforecast?.inputs?.forecasts.pre?.runIds).toEqual(
      [preDay[0]!.runId, 'pre-again'].sort(),
    );
    expect(reforecast?.inputs?.forecasts.prod).toEqual(complete?.inputs?.forecasts.prod);
    expect(reforecast?.stages.prod?.wape).toBe(complete?.stages.prod?.wape);
    expect(reforecast?.stages.pre?.wape).not.toBe(complete?.stages.pre?.wape);
    expect(await run(reforecast!)).toEqual([]);

    // 5. The F5D replaces every value: final, with the validated numbers.
    await own.upsertReadings(truth.map(f5d));
    const [final] = await run(reforecast!);
    expect(final).toMatchObject({ status: 'final', actualsCoverage: 1 });
    expect(final?.inputs).toMatchObject({ readings: 276, kinds: { F5D: 276 } });
    expect(final?.stages.prod?.wape).not.toBeCloseTo(reforecast?.stages.prod?.wape ?? 0, 3);
    expect(await run(final!)).toEqual([]);
  }, 120_000);

  it('puts a supply-day forecast by another version in its segment of that version', async () => {
    // Prepare: one supply's prod day replaced by a later run of the pre version (a re-run).
    const rows = await rowsOf('prod');
    const cups = rows[0]!.cups;
    const own = rows.filter((r) => r.cups === cups);
    await store.replacePredictions('prod', [
      {
        cups,
        day: DAY,
        modelVersion: fixture.pre,
        runId: 'rerun',
        issuedAt: own[0]!.issuedAt + 1,
        hours: own.map((r) => ({ ...r, wh: r.wh + 1, p10: r.p10, p90: r.p90 + 1 })),
      },
    ]);
    const loaded: string[] = [];
    const models = createModelCache(fixture.blobs);

    // Act
    const [day] = await scoreForecastDays(
      {
        store,
        models: (v) => {
          loaded.push(v);
          return models(v);
        },
      },
      { runDay: '2024-04-01', lookbackDays: 1, minActualsCoverage: 0.9, previous: new Map() },
    );

    // Assess: still the prod version's day (11 of 12 supplies), the pre version read for one.
    expect(day?.stages.prod).toMatchObject({ modelVersion: fixture.prod, hours: 276 });
    expect(loaded).toContain(fixture.pre);
  });

  it('leaves a day waiting when the supplies forecast are no longer known to the store', async () => {
    // Prepare: a store holding a forecast and the readings of one supply, but not the supply.
    const bare = await sqlite.open();
    const own = (await rowsOf('prod')).filter((r) => r.cups === truth[0]!.cups);
    const day = {
      cups: own[0]!.cups,
      day: DAY,
      modelVersion: fixture.prod,
      runId: 'r',
      issuedAt: 0,
    };
    await bare.replacePredictions('prod', [{ ...day, hours: own }]);
    await bare.upsertReadings(truth.filter((r) => r.cups === day.cups));

    // Act
    const days = await scoreForecastDays(
      { store: bare, models: createModelCache(fixture.blobs) },
      { runDay: '2024-04-01', lookbackDays: 1, minActualsCoverage: 0.9, previous: new Map() },
    );

    // Assess
    expect(days).toEqual([
      {
        date: DAY,
        status: 'waiting',
        actualsCoverage: 1,
        stages: {},
        inputs: expect.objectContaining({ readings: 23, kinds: { F5D: 23 } }),
      },
    ]);
  });

  it.each([
    [{ runDay: '2024-13-01' }, /runDay 2024-13-01 is not a YYYY-MM-DD day/],
    [{ lookbackDays: 0 }, /lookbackDays must be a positive integer, got 0/],
    [{ minActualsCoverage: 1.5 }, /minActualsCoverage must be within 0..1, got 1.5/],
    [{ minActualsCoverage: Number.NaN }, /minActualsCoverage must be within 0..1, got NaN/],
    [{ chunkSupplies: 0.5 }, /chunkSupplies must be a positive integer, got 0.5/],
  ])('refuses %o, saying what is wrong', async (bad, message) => {
    const input = {
      runDay: '2024-04-02',
      lookbackDays: 4,
      minActualsCoverage: 0.9,
      previous: new Map(),
    };

    await expect(scoreForecastDays(deps(), { ...input, ...bad })).rejects.toThrow(message);
  });
});
