import { describe, expect, it } from 'vitest';
import { describeReference, type ReferenceSample } from '../../../shared/pipelines/reference.js';

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
