import { describe, expect, it } from 'vitest';
import { type DriftFeature, evaluateDrift } from '../../../shared/monitoring/drift.js';
import { expandSample } from '../../helpers/samples.js';

const MILLION = 1_000_000;
const bell = (seed: number, n: number, loc = 0) =>
  expandSample({ seed, n, dist: 'irwin-hall', loc });

function weekdays(seed: number, n: number, weekendShare: number): string[] {
  const u = expandSample({ seed, n, dist: 'uniform' });
  return Array.from(u, (v, i) => (v < weekendShare ? ['sat', 'sun'][i % 2]! : `d${i % 5}`));
}

describe('evaluateDrift', () => {
  it('raises no alarm on identical distributions at n = 10⁶, nor on the same sample', () => {
    const reference = bell(101, MILLION);
    const features: DriftFeature[] = [
      { name: 'temperature', kind: 'continuous', reference, recent: bell(102, MILLION) },
      { name: 'level', kind: 'continuous', reference, recent: reference },
      {
        name: 'weekday',
        kind: 'categorical',
        reference: weekdays(103, MILLION, 2 / 7),
        recent: weekdays(104, MILLION, 2 / 7),
      },
    ];

    const result = evaluateDrift(features);

    expect(result.alarms).toEqual([]);
    expect(result.features.map((f) => f.alarm)).toEqual([false, false, false]);
    expect(result.features[1]).toMatchObject({ statistic: 0, pValue: 1, effect: 0 });
  });

  it('raises no alarm on a trivial shift at n = 10⁶ although its p-value is tiny', () => {
    // A 0.012 shift is 0.02 reference standard deviations: real, but too small to matter.
    const features: DriftFeature[] = [
      {
        name: 'lag24',
        kind: 'continuous',
        reference: bell(18, MILLION),
        recent: bell(19, MILLION, 0.012),
      },
    ];

    const [lag] = evaluateDrift(features).features;

    expect(lag!.adjustedPValue).toBeLessThan(1e-20);
    expect(lag!.effect).toBeCloseTo(0.012 / Math.sqrt(1 / 3), 2);
    expect(lag!.alarm).toBe(false);
  });

  it('raises an alarm on a real shift of a continuous and of a categorical feature', () => {
    const features: DriftFeature[] = [
      {
        name: 'temperature',
        kind: 'continuous',
        reference: bell(1, 5000),
        recent: bell(2, 2000, 0.2),
      },
      { name: 'humidity', kind: 'continuous', reference: bell(3, 5000), recent: bell(4, 2000) },
      {
        name: 'weekday',
        kind: 'categorical',
        reference: weekdays(5, 5000, 2 / 7),
        recent: weekdays(6, 2000, 0.6),
      },
    ];

    const result = evaluateDrift(features);

    expect(result.alarms).toEqual(['temperature', 'weekday']);
    expect(result.features[0]).toMatchObject({ test: 'ks', effectName: 'wasserstein-sd' });
    expect(result.features[0]!.effect).toBeGreaterThan(0.3);
    expect(result.features[2]).toMatchObject({
      test: 'chi-squared',
      effectName: 'cramers-v',
      dof: 6,
    });
  });

  it("scales a feature's minimum effect by its minEffectScale, and only that feature's", () => {
    // The same shift (about 0.35 sd) on two features: one needs five times the effect.
    const shifted = (name: string, seed: number, scale?: number): DriftFeature => ({
      name,
      kind: 'continuous',
      reference: bell(seed, 5000),
      recent: bell(seed + 1, 2000, 0.2),
      ...(scale === undefined ? {} : { minEffectScale: scale }),
    });
    const table: DriftFeature = {
      name: 'weekday',
      kind: 'categorical',
      reference: weekdays(5, 5000, 2 / 7),
      recent: weekdays(6, 2000, 0.6),
      minEffectScale: 10,
    };

    const result = evaluateDrift([shifted('level', 1), shifted('weather', 11, 5), table], {
      minEffect: 0.1,
      minCramersV: 0.1,
    });

    const [level, weather, weekday] = result.features;
    expect(level!.minEffect).toBe(0.1);
    expect(weather!.minEffect).toBeCloseTo(0.5, 12);
    expect(weekday!.minEffect).toBeCloseTo(1, 12);
    expect(weather!.effect).toBeGreaterThan(0.3);
    expect(weather!.adjustedPValue).toBeLessThan(1e-10);
    expect(result.alarms).toEqual(['level']);
  });

  it('states the correction and applies it: Holm is stricter than Benjamini-Hochberg', () => {
    const features: DriftFeature[] = [1, 2, 3, 4].map((i) => ({
      name: `f${i}`,
      kind: 'continuous',
      reference: bell(10 + i, 400),
      recent: bell(20 + i, 400, 0.07 * i),
    }));

    const bh = evaluateDrift(features, { alpha: 0.05, minEffect: 0 });
    const holm = evaluateDrift(features, { alpha: 0.05, minEffect: 0, correction: 'holm' });

    expect([bh.correction, holm.correction]).toEqual(['benjamini-hochberg', 'holm']);
    bh.features.forEach((f, i) => {
      expect(f.adjustedPValue).toBeGreaterThanOrEqual(f.pValue);
      expect(holm.features[i]!.adjustedPValue).toBeGreaterThanOrEqual(f.adjustedPValue);
    });
  });

  it('uses the KS statistic as the effect when asked', () => {
    const features: DriftFeature[] = [
      { name: 'x', kind: 'continuous', reference: bell(1, 500), recent: bell(2, 500, 0.3) },
    ];

    const [x] = evaluateDrift(features, { continuousEffect: 'ks-statistic' }).features;

    expect(x!.effect).toBe(x!.statistic);
    expect(x!.effectName).toBe('ks-statistic');
  });

  it('accepts categorical counts, leaves out non-finite values and skips thin features', () => {
    const features: DriftFeature[] = [
      {
        name: 'segment',
        kind: 'categorical',
        reference: { a: 500, b: 500, c: 0 },
        recent: { a: 520, b: 480 },
      },
      {
        name: 'wind',
        kind: 'continuous',
        reference: [...bell(7, 100), Number.NaN],
        recent: bell(8, 100),
      },
      {
        name: 'radiation',
        kind: 'continuous',
        reference: bell(9, 100),
        recent: [1, 2, Number.NaN],
      },
    ];

    const result = evaluateDrift(features);

    expect(result.features.map((f) => f.feature)).toEqual(['segment', 'wind']);
    expect(result.features[0]).toMatchObject({ dof: 1, referenceSize: 1000, recentSize: 1000 });
    expect(result.features[1]).toMatchObject({ excluded: 1, referenceSize: 100 });
    expect(result.skipped).toEqual([
      { feature: 'radiation', reason: '2 finite observations on one side, fewer than 30' },
    ]);
  });

  it('gives a constant reference a finite effect through the pooled standard deviation', () => {
    const features: DriftFeature[] = [
      {
        name: 'flag',
        kind: 'continuous',
        reference: new Array(50).fill(1),
        recent: new Array(50).fill(2),
      },
    ];

    const [flag] = evaluateDrift(features).features;

    // W = 1 and the pooled sd of fifty 1s and fifty 2s is 0.5.
    expect(flag!.effect).toBeCloseTo(2, 12);
    expect(flag!.alarm).toBe(true);
  });

  it.each([
    ['an alpha outside (0, 1)', { alpha: 1 }, /alpha must be in \(0, 1\)/],
    ['a negative minimum effect', { minEffect: -1 }, /minEffect must be ≥ 0/],
    ['an unknown correction', { correction: 'bonferroni' as never }, /correction "bonferroni"/],
  ])('refuses %s', (_, options, message) => {
    expect(() => evaluateDrift([], options)).toThrow(message);
  });

  it('refuses a repeated feature and a negative count, naming the feature', () => {
    const f: DriftFeature = { name: 'x', kind: 'continuous', reference: [1], recent: [2] };
    const bad: DriftFeature = {
      name: 'seg',
      kind: 'categorical',
      reference: { a: -1 },
      recent: {},
    };

    expect(() => evaluateDrift([f, f])).toThrow(/"x" is given twice/);
    expect(() => evaluateDrift([bad])).toThrow(/"seg" reference: the count of "a" must be ≥ 0/);
  });
});
