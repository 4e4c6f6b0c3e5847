import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../../shared/adapters/bus/memory-bus.js';
import { HOUR_MS, localDayOfHourEnd } from '../../../shared/calendar/zone.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { forecastOriginUtc } from '../../../shared/features/origin.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import { newSupplyCheck } from '../../../shared/forecast/new-supply-check.js';
import { createLogger } from '../../../shared/logging.js';
import { forecastDay } from '../../../shared/models/model-forecast.js';
import { WATCHED_COLUMNS } from '../../../shared/pipelines/reference.js';
import {
  planTraining,
  type TrainDeps,
  type TrainOptions,
} from '../../../shared/pipelines/train-plan.js';
import { sampleCups, trainSegment } from '../../../shared/pipelines/train-segment.js';
import { loadModel } from '../../../shared/registry/load-model.js';
import { readReferenceSamples } from '../../../shared/registry/reference-samples.js';
import { listVersions, showVersion } from '../../../shared/registry/registry.js';
import { makeTestFleet } from '../../helpers/load-fleet.js';
import { createMemoryBlobStore } from '../../helpers/memory-blob-store.js';
import { createTrainStore, testSupplies } from '../../helpers/memory-train-store.js';

const fleet = makeTestFleet({ nSupplies: 9, firstDay: '2023-03-01', nDays: 420, seed: 21 });
const newest = Math.max(...fleet.readings.flatMap((r) => r.map((x) => x.hourEnd)));
const supplies = testSupplies(
  fleet.supplies.map((s) => s.history.cups),
  '40.42,-3.70',
  newest,
);
const OPTIONS: Partial<TrainOptions> = {
  windowDays: 365,
  backtestDays: 14,
  kMin: 2,
  kMax: 3,
  maxTrainRows: 6000,
  timeBudgetMs: 60_000,
  forest: { nTrees: 12, maxDepth: 10, minSamplesLeaf: 20, maxFeatures: 1 },
  minSegmentSupplies: 1,
  calibrationDays: 21,
};

/** Forecasts equal to the observations, issued at 10:00 local on the day before each hour's day. */
const issuedForecasts = fleet.weather.map((w) => ({
  ...w,
  kind: 'forecast' as const,
  issuedAt:
    forecastOriginUtc(localDayOfHourEnd(w.hourEnd, 'Europe/Madrid'), 'Europe/Madrid') - HOUR_MS,
}));

function makeDeps(
  weather = fleet.weather,
): TrainDeps & { blobs: ReturnType<typeof createMemoryBlobStore> } {
  return {
    store: createTrainStore(supplies, fleet.readings, weather),
    blobs: createMemoryBlobStore(),
    bus: createMemoryBus(),
    logger: createLogger({ write: () => {} }),
    now: () => Date.parse('2024-05-10T09:00:00Z'),
    codeRevision: 'test-sha',
  };
}

describe('planTraining and trainSegment', () => {
  it('segments the fleet, trains every segment and registers one version as pre', async () => {
    // Prepare
    const deps = makeDeps();
    const { plan, messageIds } = await planTraining({ runId: 'run-a', options: OPTIONS }, deps);
    // Act
    const outcomes = [];
    for (const s of plan.segments)
      outcomes.push(await trainSegment({ runId: 'run-a', segment: s.index }, deps));
    // Assess
    expect(plan.segments.length).toBeGreaterThanOrEqual(2);
    expect(messageIds).toEqual(plan.segments.map((s) => `run-a/segment-${s.index}`));
    expect(outcomes.slice(0, -1).every((o) => o.assembly.outcome === 'waiting')).toBe(true);
    const last = outcomes.at(-1)!.assembly;
    expect(last.outcome).toBe('registered');
    if (last.outcome !== 'registered') return;
    expect(last.checks.filter((c) => !c.passed)).toEqual([]);
    expect(last.checks.map((c) => c.name)).toContain(
      'segment 0: new supply gets its segment profile',
    );
    const { versions, stages } = await listVersions(deps.blobs);
    expect(versions).toEqual([plan.version]);
    expect(stages.pre).toBe(plan.version);
    const manifest = await showVersion(deps.blobs, plan.version);
    expect(manifest.data.windowEnd).toBe('2024-04-23');
    expect(manifest.codeRevision).toBe('test-sha');
    expect(manifest.reference.lagWeekRel?.quantiles).toHaveLength(11);
    expect(manifest.files.map((f) => f.name)).toContain('segments.json');
    // Raw reference samples: the watched inputs, bounded, the training window's day mix (365
    // days) and the supplies of every segment.
    const samples = await readReferenceSamples(deps.blobs, plan.version);
    expect(samples?.window).toEqual({ first: manifest.data.windowStart, last: '2024-04-23' });
    // The temperature is kept as its anomaly from the climate normal, not raw.
    expect(Object.keys(samples?.continuous ?? {})).toEqual(WATCHED_COLUMNS);
    expect(WATCHED_COLUMNS).toContain('temperatureAnomalyC');
    expect(WATCHED_COLUMNS).not.toContain('temperatureC');
    // Anomalies centre near zero (the synthetic weather follows its own normal, not exactly ours).
    const anomalies = samples!.continuous.temperatureAnomalyC!;
    expect(Math.abs(anomalies.reduce((a, b) => a + b, 0) / anomalies.length)).toBeLessThan(1);
    for (const values of Object.values(samples?.continuous ?? {})) {
      expect(values.length).toBeGreaterThan(500);
      expect(values.length).toBeLessThanOrEqual(2000);
    }
    expect(Object.values(samples?.dayMix ?? {}).reduce((a, b) => a + b, 0)).toBe(365);
    expect(Object.values(samples?.segments ?? {}).reduce((a, b) => a + b, 0)).toBe(
      manifest.data.supplies,
    );
    // The registered model loads back and forecasts finite, non-negative Wh: a known supply and a
    // stranger (placed by its profile), on a 23-hour day.
    const model = await loadModel(deps.blobs, { stage: 'pre' });
    const stranger = {
      ...fleet.supplies[1]!,
      history: { ...fleet.supplies[1]!.history, cups: 'ES0000000000000000ZZ' },
    };
    const forecasts = forecastDay(
      model,
      [fleet.supplies[0]!, stranger],
      '2024-03-31',
      indexWeather(fleet.weather, { observedFallback: false }),
    );
    expect(forecasts.map((f) => f.hourEnd.length)).toEqual([23, 23]);
    expect(
      forecasts.every((f) =>
        Array.from(f.forecast.point).every((v) => Number.isFinite(v) && v >= 0),
      ),
    ).toBe(true);
    expect(model.forests.has(forecasts[1]!.segment)).toBe(true);
    // The gate's new-supply check runs the production path: without the segment's profile the
    // new supply would get the forest's guess, and the check says so.
    const like = fleet.supplies[0]!;
    expect(newSupplyCheck(model, like, '2024-04-25').passed).toBe(true);
    expect(
      newSupplyCheck(
        { ...model, segments: { ...model.segments, centroids: [] } },
        like,
        '2024-04-25',
      ).passed,
    ).toBe(false);
    // A version missing a segment's forest is refused for good, not retried.
    const broken = { ...model, forests: new Map() };
    expect(() =>
      forecastDay(
        broken,
        [fleet.supplies[0]!],
        '2024-03-31',
        indexWeather([], { observedFallback: false }),
      ),
    ).toThrow(InvalidInputError);
  });

  it('registers exactly once when plan and segment messages are redelivered, even concurrently', async () => {
    const deps = makeDeps();
    const first = await planTraining({ runId: 'run-b', options: OPTIONS }, deps);
    const again = await planTraining(
      { runId: 'run-b', options: { ...OPTIONS, windowDays: 30 } },
      deps,
    );
    expect(again.plan).toEqual(first.plan);
    // Every segment delivered twice, all at once.
    const calls = first.plan.segments
      .flatMap((s) => [s.index, s.index])
      .map((segment) => trainSegment({ runId: 'run-b', segment }, deps));
    const results = await Promise.all(calls);
    // And once more after everything finished.
    const late = await trainSegment(
      { runId: 'run-b', segment: first.plan.segments[0]!.index },
      deps,
    );
    const { stages, versions } = await listVersions(deps.blobs);
    expect(versions).toHaveLength(1);
    expect(stages.history.filter((e) => e.action === 'register')).toHaveLength(1);
    expect(results.some((r) => r.assembly.outcome === 'registered')).toBe(true);
    expect(late.trained).toBe(false);
    expect(late.assembly.outcome).toBe('registered');
  });

  it('registers nothing when the model does not beat the baselines by the required margin', async () => {
    const deps = makeDeps();
    const { plan } = await planTraining(
      { runId: 'run-c', options: { ...OPTIONS, minSkill: 0.95 } },
      deps,
    );
    let outcome = null;
    for (const s of plan.segments)
      outcome = (await trainSegment({ runId: 'run-c', segment: s.index }, deps)).assembly;
    expect(outcome?.outcome).toBe('rejected');
    expect(outcome?.outcome === 'rejected' && outcome.reason).toMatch(/^Failed skill \(WAPE/);
    expect((await listVersions(deps.blobs)).versions).toEqual([]);
  });

  it('scores backtest rows on climatology when no forecast was issued, never on the observation', async () => {
    const run = async (deps: TrainDeps, runId: string) => {
      const { plan } = await planTraining({ runId, options: OPTIONS }, deps);
      let outcome = null;
      for (const s of plan.segments)
        outcome = (await trainSegment({ runId, segment: s.index }, deps)).assembly;
      return outcome?.outcome === 'waiting' ? null : (outcome?.report ?? null);
    };
    // Only observations are stored: every backtest row must fall back to climatology.
    expect((await run(makeDeps(), 'run-e'))?.weatherImputedShare).toBe(1);
    // With forecasts issued by each origin, no row does (so the assertion above can fail).
    const withForecasts = makeDeps([...fleet.weather, ...issuedForecasts]);
    expect((await run(withForecasts, 'run-f'))?.weatherImputedShare).toBe(0);
  });

  it('scores the prod model on the same backtest rows and records both in the manifest', async () => {
    const deps = makeDeps();
    const train = async (runId: string, promote: boolean) => {
      const { plan } = await planTraining({ runId, options: { ...OPTIONS, promote } }, deps);
      let outcome = null;
      for (const s of plan.segments)
        outcome = (await trainSegment({ runId, segment: s.index }, deps)).assembly;
      return { plan, outcome };
    };
    const first = await train('run-g', true);
    expect(first.outcome?.outcome === 'registered' && first.outcome.report.champion).toBeNull();
    const second = await train('run-h', false);
    // Assess: the challenger report carries the champion's scores on the same rows.
    if (second.outcome?.outcome !== 'registered') throw new Error('second run not registered');
    const champion = second.outcome.report.champion;
    expect(champion?.n).toBe(second.outcome.report.model.n);
    expect(champion?.wape).toBeGreaterThan(0);
    const manifest = await showVersion(deps.blobs, second.plan.version);
    expect(manifest.metrics.champion).toMatchObject({ version: first.plan.version, reason: null });
    const firstManifest = await showVersion(deps.blobs, first.plan.version);
    expect(firstManifest.metrics.champion).toMatchObject({ version: null });
  });

  it('fits a large segment on a seeded sample of its supplies but keeps all of them in the plan', async () => {
    const deps = makeDeps();
    const { plan } = await planTraining(
      { runId: 'run-d', options: { ...OPTIONS, maxSuppliesPerSegment: 2 } },
      deps,
    );
    const biggest = [...plan.segments].sort((a, b) => b.cups.length - a.cups.length)[0]!;
    const { result } = await trainSegment({ runId: 'run-d', segment: biggest.index }, deps);
    expect(biggest.cups.length).toBeGreaterThan(2);
    expect(result?.supplies).toBe(2);
    expect(sampleCups(biggest.cups, 2, 7)).toEqual(sampleCups(biggest.cups, 2, 7));
  });
});
