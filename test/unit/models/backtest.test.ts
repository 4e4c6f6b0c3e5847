import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar/days.js';
import { ChallengerLostError, ValidationGateError } from '../../../shared/errors.js';
import { buildFeatures } from '../../../shared/features/build-features.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import { combineBacktests, scoreBacktest } from '../../../shared/models/backtest.js';
import { seasonalNaive } from '../../../shared/models/baselines.js';
import { assertBeatsBaselines } from '../../../shared/models/gate.js';
import { wape } from '../../../shared/models/metrics.js';
import {
  fitSegmentForest,
  predictSegment,
  sampleTargets,
} from '../../../shared/models/segment-model.js';
import { validateScenarios } from '../../../shared/models/validation-scenarios.js';
import { makeTestFleet } from '../../helpers/load-fleet.js';

const fleet = makeTestFleet({ nSupplies: 6, firstDay: '2023-01-01', nDays: 480, seed: 11 });
const weather = indexWeather(fleet.weather, { observedFallback: true });
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));
const labels = fleet.supplies.map((_, i) => `s${i}`);
const testSet = buildFeatures({
  supplies: fleet.supplies,
  targets: fleet.supplies.flatMap((_, supply) =>
    days('2024-04-10', 14).map((day) => ({ supply, day })),
  ),
  weather,
  mode: 'train',
});

describe('scoreBacktest', () => {
  it('scores a perfect forecast with zero error and full skill', () => {
    const perfect = { mean: testSet.actualWh, p10: testSet.actualWh, p90: testSet.actualWh };
    const report = scoreBacktest(testSet, perfect, labels);
    expect(report.overall.model.wape).toBe(0);
    expect(report.overall.skillVsSeasonalNaive).toBe(1);
    expect(Object.keys(report.perSupply)).toHaveLength(6);
  });

  it('agrees with metrics.wape and scores the seasonal naive baseline at zero skill against itself', () => {
    const naive = seasonalNaive(testSet);
    const report = scoreBacktest(testSet, { mean: naive, p10: naive, p90: naive }, labels);
    expect(report.overall.seasonalNaive.wape).toBeCloseTo(wape(testSet.actualWh, naive), 6);
    expect(report.overall.skillVsSeasonalNaive).toBeCloseTo(0, 9);
  });

  it('combines segment reports into the report of their union', () => {
    const naive = seasonalNaive(testSet);
    const f = { mean: naive, p10: naive, p90: naive };
    const whole = scoreBacktest(testSet, f, labels);
    const half = (keep: (s: number) => boolean) => {
      const rows = [...testSet.supply.keys()].filter((i) => keep(testSet.supply[i]!));
      const sub = { ...testSet, supply: testSet.supply.filter((_, i) => rows.includes(i)) };
      return { sub, rows };
    };
    const parts = [half((s) => s < 3), half((s) => s >= 3)].map(({ rows }) => {
      const pick = <T extends Float32Array | Int32Array | Float64Array>(a: T) =>
        a.filter((_, i) => rows.includes(i)) as T;
      const x = {
        ...testSet.x,
        nRows: rows.length,
        data: Float32Array.from(
          rows.flatMap((i) =>
            Array.from(testSet.x.data.subarray(i * testSet.x.nCols, (i + 1) * testSet.x.nCols)),
          ),
        ),
      };
      const sub = {
        ...testSet,
        x,
        supply: pick(testSet.supply),
        levelWh: pick(testSet.levelWh),
        actualWh: pick(testSet.actualWh),
        hourEnd: pick(testSet.hourEnd),
        dayNum: pick(testSet.dayNum),
      };
      return scoreBacktest(sub, { mean: pick(naive), p10: pick(naive), p90: pick(naive) }, labels);
    });
    const combined = combineBacktests(parts);
    expect(combined.overall.model.wape).toBeCloseTo(whole.overall.model.wape, 9);
    expect(combined.overall.model.mape).toBeCloseTo(whole.overall.model.mape, 9);
  });
});

describe('assertBeatsBaselines', () => {
  it('rejects a model worse than the stronger baseline', () => {
    const worse = Float32Array.from(seasonalNaive(testSet), (v) => v * 1.3);
    const report = scoreBacktest(testSet, { mean: worse, p10: worse, p90: worse }, labels);
    expect(() => assertBeatsBaselines(report)).toThrow(ChallengerLostError);
  });

  it('accepts a forest trained on earlier days that beats both baselines', () => {
    // Prepare: train on days before the backtest minus the latency, as the pipeline does.
    const train = buildFeatures({
      supplies: fleet.supplies,
      targets: sampleTargets(6, days('2023-01-10', 450), 20000, 1),
      weather,
      mode: 'train',
    });
    const forest = fitSegmentForest(train, {
      nTrees: 20,
      maxDepth: 12,
      minSamplesLeaf: 30,
      maxFeatures: 1,
      seed: 1,
    });
    // Act
    const report = scoreBacktest(testSet, predictSegment(forest, testSet), labels);
    // Assess
    expect(() => assertBeatsBaselines(report)).not.toThrow();
    expect(report.overall.skillVsPersistence).toBeGreaterThan(0);
  });
});

describe('validateScenarios', () => {
  const input = {
    supplies: fleet.supplies.slice(0, 2),
    weather,
    lastDay: '2024-04-28',
    dataLatencyDays: 2,
    defaultLevelWh: 300,
  };

  it('passes a fitted forest on every scenario, including DST days', () => {
    const train = buildFeatures({
      supplies: fleet.supplies,
      targets: sampleTargets(6, days('2023-01-10', 470), 4000, 2),
      weather,
      mode: 'train',
    });
    const forest = fitSegmentForest(train, { nTrees: 10, maxDepth: 8, seed: 1 });
    const results = validateScenarios((set) => predictSegment(forest, set), input);
    expect(results.map((r) => r.name)).toContain('DST days (23 and 25 hours)');
    expect(results.every((r) => r.rows > 0 && Number.isFinite(r.maxWh))).toBe(true);
  });

  it('throws ValidationGateError when a model returns NaN or negative values', () => {
    const bad = (n: number, v: number) => ({
      mean: new Float32Array(n).fill(v),
      p10: new Float32Array(n),
      p90: new Float32Array(n),
    });
    expect(() => validateScenarios((set) => bad(set.x.nRows, Number.NaN), input)).toThrow(
      ValidationGateError,
    );
    expect(() => validateScenarios((set) => bad(set.x.nRows, -1), input)).toThrow(
      ValidationGateError,
    );
  });
});
