import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import {
  fitForest,
  forestToBytes,
  mixtureQuantile,
  predictForest,
} from '../../../shared/models/forest.js';
import { createMatrix } from '../../../shared/models/matrix.js';
import { friedman1, makeRegressionData } from '../../helpers/model-data.js';

const SMALL = { nTrees: 10, maxDepth: 8, minSamplesLeaf: 3 };

describe('fitForest', () => {
  it('gives identical bytes for the same seed and different bytes for another seed', () => {
    // Prepare
    const { x, y } = makeRegressionData(500, 6, 1, friedman1);

    // Act
    const a = forestToBytes(fitForest(x, y, { ...SMALL, seed: 7 }));
    const b = forestToBytes(fitForest(x, y, { ...SMALL, seed: 7 }));
    const c = forestToBytes(fitForest(x, y, { ...SMALL, seed: 8 }));

    // Assess
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('recovers a step function of one feature among noise features', () => {
    // Prepare: y = 2 below x0 = 0.5 and 10 above, plus noise; f1..f4 are irrelevant
    const { x, y } = makeRegressionData(
      2000,
      5,
      2,
      (row, noise) => (row[0]! > 0.5 ? 10 : 2) + 0.2 * noise,
    );
    const probe = createMatrix(x.columns, 2);
    probe.data.set([0.2, 0.5, 0.5, 0.5, 0.5, 0.8, 0.5, 0.5, 0.5, 0.5]);

    // Act
    const forest = fitForest(x, y, { ...SMALL, maxFeatures: 1 });
    const pred = predictForest(forest, probe);

    // Assess: every root splits on f0 near 0.5
    expect(pred.mean[0]).toBeCloseTo(2, 1);
    expect(pred.mean[1]).toBeCloseTo(10, 1);
    for (let t = 0; t < forest.params.nTrees; t++) {
      const root = forest.treeStart[t]!;
      expect(forest.feature[root]).toBe(0);
      expect(Math.abs(forest.threshold[root]! - 0.5)).toBeLessThan(0.02);
    }
  });

  it('learns where missing values go and predicts rows with unseen NaN', () => {
    // Prepare: f0 is missing in ~20 % of rows, and those rows have y = 20
    const { x, y } = makeRegressionData(2000, 3, 3, (row) => row[0]! * 4);
    for (let r = 0; r < x.nRows; r += 5) {
      x.data[r * 3] = Number.NaN;
      y[r] = 20;
    }
    const probe = createMatrix(x.columns, 2);
    probe.data.set([Number.NaN, 0.5, 0.5, 0.5, Number.NaN, Number.NaN]);

    // Act
    const pred = predictForest(fitForest(x, y, { ...SMALL, maxFeatures: 1 }), probe);

    // Assess: a NaN f0 predicts 20; NaN in features never missing in training still predicts
    expect(pred.mean[0]).toBeCloseTo(20, 0);
    expect(Number.isFinite(pred.mean[1]!)).toBe(true);
  });

  it('sends a NaN never seen in training to the heavier side of each split', () => {
    // Prepare: y = 2 for f0 ≤ 0.8 (80 % of rows) and 10 above; no missing values in training
    const { x, y } = makeRegressionData(
      2000,
      2,
      8,
      (row, noise) => (row[0]! > 0.8 ? 10 : 2) + 0.2 * noise,
    );
    const probe = createMatrix(x.columns, 1);
    probe.data.set([Number.NaN, 0.5]);

    // Act
    const pred = predictForest(fitForest(x, y, { ...SMALL, maxFeatures: 1 }), probe);

    // Assess
    expect(pred.mean[0]).toBeCloseTo(2, 0);
  });

  it('orders the per-tree quantiles p10 ≤ p50 ≤ p90 when leaves keep no points', () => {
    const { x, y } = makeRegressionData(800, 5, 4, friedman1);
    const forest = fitForest(x, y, { ...SMALL, leafQuantiles: 0 });
    expect(forest.leafPoints.length).toBe(0);
    const pred = predictForest(forest, x);
    for (let r = 0; r < x.nRows; r++) {
      expect(pred.p10[r]!).toBeLessThanOrEqual(pred.p50[r]!);
      expect(pred.p50[r]!).toBeLessThanOrEqual(pred.p90[r]!);
      expect(pred.p90[r]! - pred.p10[r]!).toBeGreaterThanOrEqual(0);
    }
    expect(pred.p90.some((v, r) => v > pred.p10[r]!)).toBe(true);
  });

  it.each([
    ['a NaN target', () => makeRegressionData(50, 2, 5, () => Number.NaN)],
    [
      'a target of the wrong length',
      () => ({ ...makeRegressionData(50, 2, 5, friedman1), y: new Float32Array(3) }),
    ],
  ])('throws InvalidInputError on %s', (_, make) => {
    const { x, y } = make();
    expect(() => fitForest(x, y, SMALL)).toThrow(InvalidInputError);
  });

  it.each([
    { maxBins: 256 },
    { maxFeatures: 0 },
    { sampleFraction: 1.5 },
    { nTrees: 0 },
    { minSamplesLeaf: 0.5 },
  ])('throws InvalidInputError on bad params %o', (params) => {
    const { x, y } = makeRegressionData(50, 2, 5, friedman1);
    expect(() => fitForest(x, y, params)).toThrow(InvalidInputError);
  });

  it('fits a single leaf on a constant target', () => {
    const { x, y } = makeRegressionData(100, 2, 6, () => 3);
    const forest = fitForest(x, y, { ...SMALL, nTrees: 2 });
    expect(forest.feature.length).toBe(2);
    expect(predictForest(forest, x).mean.every((v) => v === 3)).toBe(true);
  });
});

describe('predictForest as a quantile regression forest', () => {
  // y = 10·x0·u with u uniform on [0, 1): the conditional q-quantile is 10·x0·q, the mean 5·x0.
  const { x, y } = makeRegressionData(20_000, 3, 11, (row, noise) => 10 * row[0]! * (noise + 0.5));
  const forest = fitForest(x, y, { nTrees: 30, maxDepth: 10, minSamplesLeaf: 100, seed: 3 });
  const probe = createMatrix(x.columns, 2);
  probe.data.set([0.3, 0.5, 0.5, 0.8, 0.5, 0.5]);
  const pred = predictForest(forest, probe);

  it.each([
    [0, 0.3],
    [1, 0.8],
  ])('gives the conditional quantiles of the target (row %i, x0 = %f)', (row, x0) => {
    expect(pred.p10[row]).toBeCloseTo(10 * x0 * 0.1, 0);
    expect(pred.p50[row]).toBeCloseTo(10 * x0 * 0.5, 0);
    expect(pred.p90[row]).toBeCloseTo(10 * x0 * 0.9, 0);
    expect(Math.abs(pred.p90[row]! - pred.p10[row]! - 10 * x0 * 0.8)).toBeLessThan(0.1 + 0.8 * x0);
  });

  it('predicts the median, not the mean, of a skewed target', () => {
    // y = exp(6u): median e³ ≈ 20.1, mean (e⁶ − 1)/6 ≈ 67.1, whatever the features
    const skewed = makeRegressionData(20_000, 2, 12, (_, noise) => Math.exp(6 * (noise + 0.5)));
    const p = predictForest(
      fitForest(skewed.x, skewed.y, { nTrees: 20, maxDepth: 6, minSamplesLeaf: 200, seed: 1 }),
      skewed.x,
    );
    const median = Array.from(p.p50).sort((a, b) => a - b)[p.p50.length >> 1]!;
    expect(median).toBeGreaterThan(16);
    expect(median).toBeLessThan(25);
    expect(p.mean[0]).toBeGreaterThan(50);
  });
});

describe('mixtureQuantile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.125, 1],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[5], 0.9, 5],
  ])('reads %j at %f as %f (each point the middle of its 1/n mass)', (points, q, expected) => {
    expect(mixtureQuantile(Float64Array.from(points), q)).toBeCloseTo(expected, 12);
  });

  it('is NaN for no points', () => {
    expect(mixtureQuantile(new Float64Array(0), 0.5)).toBeNaN();
  });
});

describe('predictForest', () => {
  const { x, y } = makeRegressionData(300, 3, 9, friedman1);
  const forest = fitForest(x, y, SMALL);

  it.each([
    ['renamed', ['f0', 'f1', 'other']],
    ['reordered', ['f1', 'f0', 'f2']],
    ['missing', ['f0', 'f1']],
  ])('refuses a matrix whose columns are %s', (_, columns) => {
    const probe = createMatrix(columns, 1);
    expect(() => predictForest(forest, probe)).toThrow(InvalidInputError);
  });
});
