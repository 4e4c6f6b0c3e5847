import { RandomForestRegression } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { fitForest, predictForest } from '../../../shared/models/forest.js';
import { wape } from '../../../shared/models/metrics.js';
import { friedman1, makeRegressionData, takeRows } from '../../helpers/model-data.js';

/** Reference: ml-random-forest 2.1 RandomForestRegression, the library the forest replaces. */
describe('fitForest against ml-random-forest', () => {
  it('is at least as accurate on held-out rows of a nonlinear target (Friedman #1)', () => {
    // Prepare: 1,000 rows × 10 features (5 informative), 800 to train, 200 held out
    const { x, y } = makeRegressionData(1000, 10, 42, friedman1);
    const xTrain = takeRows(x, 0, 800);
    const xTest = takeRows(x, 800, 1000);
    const yTrain = y.subarray(0, 800);
    const yTest = y.subarray(800);
    const rows = (m: typeof x) =>
      Array.from({ length: m.nRows }, (_, r) =>
        Array.from(m.data.subarray(r * m.nCols, (r + 1) * m.nCols)),
      );

    // Act
    const ours = predictForest(
      fitForest(xTrain, yTrain, {
        nTrees: 30,
        maxDepth: 12,
        minSamplesLeaf: 2,
        maxFeatures: 0.6,
        seed: 1,
      }),
      xTest,
    ).mean;
    const reference = new RandomForestRegression({
      nEstimators: 30,
      maxFeatures: 0.6,
      seed: 1,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: { maxDepth: 12, minNumSamples: 3 },
    });
    reference.train(rows(xTrain), Array.from(yTrain));
    const theirs = reference.predict(rows(xTest));

    // Assess
    const ourWape = wape(yTest, ours);
    const theirWape = wape(yTest, theirs);
    expect(ourWape).toBeLessThanOrEqual(theirWape);
    expect(ourWape).toBeLessThan(0.2);
  });
});
