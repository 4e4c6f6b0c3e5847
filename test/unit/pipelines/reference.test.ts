import { describe, expect, it } from 'vitest';
import { type FeatureSet } from '../../../shared/features/build-features.js';
import {
  climateNormalC,
  TEMPERATURE_ANOMALY,
  temperatureAnomalyC,
} from '../../../shared/features/weather-index.js';
import {
  describeReference,
  poolReferenceSamples,
  type ReferenceSample,
  referenceQuotas,
  sampleReference,
  selectColumns,
} from '../../../shared/pipelines/reference.js';

describe('describeReference', () => {
  it('gives deciles, mean, std and decile-bin counts of pooled samples', () => {
    // 0..100 split over two samples: deciles are 0, 10, …, 100 (numpy.quantile, linear).
    const values = Array.from({ length: 101 }, (_, i) => i);
    const a: ReferenceSample = {
      columns: ['x', 'y'],
      rows: values.slice(0, 50).map((v) => [v, 1]),
    };
    const b: ReferenceSample = {
      columns: ['x', 'y'],
      rows: values.slice(50).map((v) => [v, Number.NaN]),
    };
    const ref = describeReference([a, b]);
    expect(ref.x!.quantiles).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(ref.x!.mean).toBeCloseTo(50, 9);
    expect(ref.x!.std).toBeCloseTo(Math.sqrt((101 * 101 - 1) / 12), 6); // population sd of 0..100
    expect(ref.x!.counts.reduce((s, c) => s + c, 0)).toBe(101);
    expect(ref.y!.quantiles.every((q) => q === 1)).toBe(true); // NaN ignored
  });

  it('returns nothing for no samples', () => {
    expect(describeReference([])).toEqual({});
  });
});

function featureSet(nRows: number): FeatureSet {
  const columns = ['temperatureC', 'weekday'];
  const data = new Float32Array(nRows * 2);
  for (let r = 0; r < nRows; r++) {
    data[r * 2] = r;
    data[r * 2 + 1] = r % 7;
  }
  return {
    x: { data, nRows, nCols: 2, columns },
    supply: new Int32Array(nRows),
    hourEnd: new Float64Array(nRows),
    dayNum: new Int32Array(nRows),
    levelWh: Float32Array.from({ length: nRows }, (_, r) => 1000 + r),
    actualWh: new Float32Array(nRows),
    dropped: 0,
  };
}

describe('sampleReference', () => {
  it('draws the same rows for a seed, other rows for another, and a smaller n is a prefix', () => {
    const set = featureSet(5000);
    const a = sampleReference(set, 300, 7);
    expect(sampleReference(set, 300, 7)).toEqual(a);
    expect(sampleReference(set, 300, 8).rows).not.toEqual(a.rows);
    expect(sampleReference(set, 100, 7).rows).toEqual(a.rows.slice(0, 100));
    expect(a.columns).toEqual(['temperatureC', 'weekday', 'levelWh', TEMPERATURE_ANOMALY]);
    expect(new Set(a.rows.map((r) => r[0])).size).toBe(300); // without replacement
    expect(a.rows.every((r) => r[2] === 1000 + r[0]!)).toBe(true); // levelWh of the same row
    // No day-of-year or hour columns: the anomaly cannot be computed.
    expect(a.rows.every((r) => Number.isNaN(r[3]))).toBe(true);
    expect(sampleReference(set, 9000, 7).rows).toHaveLength(5000);
  });

  it('appends the temperature anomaly of each drawn row from its own day of year and hour', () => {
    const columns = ['localHour', 'doySin', 'doyCos', 'temperatureC'];
    const nRows = 48;
    const data = new Float32Array(nRows * 4);
    for (let r = 0; r < nRows; r++) {
      const doy = (100 + Math.floor(r / 24)) / 365.25;
      const hour = r % 24;
      data.set(
        [
          hour,
          Math.sin(2 * Math.PI * doy),
          Math.cos(2 * Math.PI * doy),
          climateNormalC(doy * 365.25, hour) + (r % 3) - 1,
        ],
        r * 4,
      );
    }
    const set: FeatureSet = {
      ...featureSet(nRows),
      x: { data, nRows, nCols: 4, columns },
    };
    const { rows } = sampleReference(set, 20, 1);
    for (const row of rows) {
      expect(row[5]).toBeCloseTo(temperatureAnomalyC(row[3]!, row[1]!, row[2]!, row[0]!), 9);
      // The rows were built at their normal plus -1, 0 or +1 °C (Float32 rounding aside).
      expect([-1, 0, 1].some((d) => Math.abs(row[5]! - d) < 1e-3)).toBe(true);
    }
  });
});

describe('referenceQuotas', () => {
  it.each([
    [[3, 1], 10, [8, 2]],
    [[1, 1, 1], 2000, [667, 667, 666]],
    [[5, 0, 5], 3, [2, 0, 1]],
    [[0, 0], 10, [0, 0]],
    [[], 10, []],
  ])('splits %o over %i rows as %o', (sizes, max, expected) => {
    const quotas = referenceQuotas(sizes, max);
    expect(quotas).toEqual(expected);
    if (sizes.some((s) => s > 0)) expect(quotas.reduce((a, b) => a + b, 0)).toBe(max);
  });
});

describe('poolReferenceSamples', () => {
  it('pools the watched columns of segment samples, bounded, finite values only', () => {
    const sample = (n: number, offset: number): ReferenceSample => ({
      columns: [TEMPERATURE_ANOMALY, 'levelWh', 'temperatureC'],
      rows: Array.from({ length: n }, (_, i) => [offset + i, i === 0 ? Number.NaN : 5, 9]),
    });
    const pooled = poolReferenceSamples({
      version: 'v1',
      seed: 3,
      segments: [
        { segment: 0, supplies: 6, sample: sample(30, 0) },
        { segment: 2, supplies: 2, sample: sample(10, 100) },
      ],
      dayMix: { working: 5, saturday: 1, 'sunday-holiday': 1 },
      window: { first: '2024-01-01', last: '2024-01-07' },
      maxPerColumn: 35,
    });
    // The raw temperature follows the seasons: no longer watched, its anomaly is.
    expect(Object.keys(pooled.continuous)).toEqual([TEMPERATURE_ANOMALY, 'levelWh']);
    expect(pooled.continuous[TEMPERATURE_ANOMALY]).toHaveLength(35);
    expect(pooled.continuous[TEMPERATURE_ANOMALY]!.slice(28, 32)).toEqual([28, 29, 100, 101]);
    // 40 rows, two NaN left out: 38 finite values, cut at the bound.
    expect(pooled.continuous.levelWh).toHaveLength(35);
    expect(pooled.continuous.levelWh!.every(Number.isFinite)).toBe(true);
    expect(pooled.segments).toEqual({ '0': 6, '2': 2 });
    expect(pooled.maxPerColumn).toBe(35);
    expect(selectColumns(sample(2, 0), ['levelWh', 'missing'])).toEqual({
      columns: ['levelWh'],
      rows: [[Number.NaN], [5]],
    });
  });
});
