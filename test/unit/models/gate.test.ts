import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar/days.js';
import { ValidationGateError } from '../../../shared/errors.js';
import { buildFeatures } from '../../../shared/features/build-features.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import { scoreBacktest } from '../../../shared/models/backtest.js';
import { fitForest } from '../../../shared/models/forest.js';
import {
  accuracyChecks,
  assertGatePassed,
  strongestBaseline,
} from '../../../shared/models/gate.js';
import {
  fitSegmentForest,
  logRelativeTarget,
  predictSegment,
  sampleTargets,
} from '../../../shared/models/segment-model.js';
import { scenarioChecks } from '../../../shared/models/validation-scenarios.js';
import { createRng } from '../../../shared/random.js';
import { makeTestFleet } from '../../helpers/load-fleet.js';

const OPTIONS = { minSkill: 0.01, coverageMin: 0.7, coverageMax: 0.9 };

describe('accuracyChecks', () => {
  it('passes a model 10 % better than the strongest baseline with 80 % coverage', () => {
    const checks = accuracyChecks(
      { modelWape: 0.45, baselineWape: { seasonalNaive: 0.8, median28: 0.5 }, coverage: 0.8 },
      OPTIONS,
    );
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['skill', true],
      ['coverage', true],
    ]);
    expect(checks[0]!.detail).toContain('median28');
  });

  it.each([
    ['skill', 0.499, 0.8],
    ['coverage', 0.4, 0.33],
    ['coverage', 0.4, 0.95],
  ])('fails %s (WAPE %f, coverage %f)', (name, modelWape, coverage) => {
    const checks = accuracyChecks(
      { modelWape, baselineWape: { median28: 0.5, mean7: 0.6 }, coverage },
      OPTIONS,
    );
    expect(checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([name]);
  });
});

describe('strongestBaseline', () => {
  it('ignores NaN WAPEs', () => {
    expect(strongestBaseline({ a: Number.NaN, b: 0.7, c: 0.6 })).toEqual({ name: 'c', wape: 0.6 });
  });
});

describe('assertGatePassed', () => {
  it('names every failed check and its detail in the refusal', () => {
    const checks = [
      { name: 'skill', passed: false, detail: 'WAPE 61 % against median28 58 %' },
      { name: 'coverage', passed: true, detail: 'fine' },
      { name: '23-hour day', passed: false, detail: '22 values' },
    ];
    expect(() => assertGatePassed(checks)).toThrow(ValidationGateError);
    expect(() => assertGatePassed(checks)).toThrow(
      /skill \(WAPE 61 % against median28 58 %\); 23-hour day \(22 values\)/,
    );
    expect(() => assertGatePassed(checks.filter((c) => c.passed))).not.toThrow();
  });
});

describe('scenarioChecks', () => {
  const fleet = makeTestFleet({ nSupplies: 4, firstDay: '2023-01-01', nDays: 480, seed: 5 });
  const weather = indexWeather(fleet.weather, { observedFallback: false });
  const train = buildFeatures({
    supplies: fleet.supplies,
    targets: sampleTargets(
      4,
      Array.from({ length: 460 }, (_, i) => addDays('2023-01-10', i)),
      6000,
      2,
    ),
    weather,
    mode: 'train',
  });
  const forest = fitSegmentForest(train, { nTrees: 10, maxDepth: 8, seed: 1 });
  const input = {
    supplies: fleet.supplies.slice(0, 2),
    weather,
    lastDay: '2024-04-20',
    dataLatencyDays: 2,
    defaultLevelWh: 300,
    predict: (set: Parameters<typeof predictSegment>[1]) => predictSegment(forest, set),
  };

  it('passes a fitted forest on every scenario: 23- and 25-hour days, missing weather, extremes', () => {
    const checks = scenarioChecks(input);
    expect(checks.map((c) => c.name)).toEqual([
      '23-hour day',
      '25-hour day',
      'missing weather',
      'heat wave (45 °C)',
      'cold snap (-15 °C)',
      'zero-consumption week',
      'missing recent readings',
    ]);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks[0]!.detail).toContain('23, 23 values per supply');
  });

  it.each([
    ['NaN', Number.NaN],
    ['negative', -1],
  ])('fails every scenario for a model returning %s values', (_, value) => {
    const bad = scenarioChecks({
      ...input,
      predict: (set) => {
        const v = new Float32Array(set.x.nRows).fill(value);
        return { point: v, p10: v, p90: v };
      },
    });
    expect(bad.every((c) => !c.passed)).toBe(true);
  });

  it('fails a DST day when a model returns an invalid value on it', () => {
    const dropping = scenarioChecks({
      ...input,
      supplies: input.supplies.map((s) => ({ ...s })),
      predict: (set) => {
        const f = predictSegment(forest, set);
        f.point[0] = Number.NaN;
        return f;
      },
    });
    expect(dropping.find((c) => c.name === '23-hour day')?.passed).toBe(false);
  });
});

describe('the gate on deliberately bad models', () => {
  const fleet = makeTestFleet({ nSupplies: 6, firstDay: '2023-01-01', nDays: 480, seed: 11 });
  const weather = indexWeather(fleet.weather, { observedFallback: true });
  const dayList = (from: string, n: number) =>
    Array.from({ length: n }, (_, i) => addDays(from, i));
  const train = buildFeatures({
    supplies: fleet.supplies,
    targets: sampleTargets(6, dayList('2023-01-10', 450), 20_000, 1),
    weather,
    mode: 'train',
  });
  const test = buildFeatures({
    supplies: fleet.supplies,
    targets: fleet.supplies.flatMap((_, supply) =>
      dayList('2024-04-10', 14).map((day) => ({ supply, day })),
    ),
    weather,
    mode: 'train',
  });
  const params = { nTrees: 20, maxDepth: 12, minSamplesLeaf: 30, seed: 1 };
  const labels = fleet.supplies.map((_, i) => `s${i}`);
  const shuffle = <T extends Float32Array>(a: T, seed: number): T => {
    const rng = createRng(seed);
    const out = a.slice() as T;
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const gate = (forest: ReturnType<typeof fitForest>) => {
    const overall = scoreBacktest(test, predictSegment(forest, test), labels).overall;
    return accuracyChecks(
      {
        modelWape: overall.model.wape,
        baselineWape: Object.fromEntries(
          Object.entries(overall.baselines).map(([name, b]) => [name, b.wape]),
        ),
        coverage: overall.model.coverage,
      },
      OPTIONS,
    );
  };

  it('passes the forest fitted on the true labels', () => {
    expect(gate(fitSegmentForest(train, params)).every((c) => c.passed)).toBe(true);
  });

  it('refuses a forest fitted on shuffled labels, naming the skill check', () => {
    const forest = fitForest(train.x, shuffle(logRelativeTarget(train), 3), params);
    const failed = gate(forest).filter((c) => !c.passed);
    expect(failed.map((c) => c.name)).toContain('skill');
    expect(() => assertGatePassed(gate(forest))).toThrow(/Failed skill \(WAPE/);
  });

  it('refuses a forest fitted on features permuted across rows, naming the skill check', () => {
    const { nRows, nCols, data } = train.x;
    const permuted = new Float32Array(data.length);
    const rng = createRng(9);
    const order = Array.from({ length: nRows }, (_, i) => i);
    for (let i = nRows - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let r = 0; r < nRows; r++) {
      permuted.set(data.subarray(order[r]! * nCols, (order[r]! + 1) * nCols), r * nCols);
    }
    const forest = fitForest({ ...train.x, data: permuted }, logRelativeTarget(train), params);
    expect(gate(forest).find((c) => c.name === 'skill')?.passed).toBe(false);
  });
});
