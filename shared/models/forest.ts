import { InvalidInputError } from '../errors.js';
import { createRng, deriveSeed } from '../random.js';
import { binMatrix, computeBinEdges } from './binning.js';
import { type Forest, type ForestParams, resolveForestParams } from './forest-model.js';
import { assertMatrixShape, type Matrix } from './matrix.js';
import { quantileSorted } from './quantile.js';
import { createTreeScratch, growTree, type NodeSink, type TreeContext } from './tree-builder.js';

export { forestFromBytes, forestToBytes } from './forest-bytes.js';
export { FOREST_DEFAULTS, type Forest, type ForestParams } from './forest-model.js';

/** Per-row forest output: mean of the trees and quantiles of the per-tree predictions. */
export interface ForestPrediction {
  mean: Float32Array;
  p10: Float32Array;
  p50: Float32Array;
  p90: Float32Array;
}

/** Rows predicted together: tree-outer loops over a block keep one tree's nodes in cache. */
const PREDICT_BLOCK_ROWS = 2048;

/**
 * Fits a histogram random forest of regression trees (MSE criterion) to y (target units).
 * Deterministic for params.seed. Throws InvalidInputError on a bad shape, non-finite target,
 * duplicate feature names or bad params.
 */
export function fitForest(x: Matrix, y: Float32Array, params?: Partial<ForestParams>): Forest {
  const p = resolveForestParams(params);
  assertMatrixShape(x);
  if (y.length !== x.nRows) {
    throw new InvalidInputError(`Target has ${y.length} values for ${x.nRows} rows`);
  }
  if (x.nRows === 0) throw new InvalidInputError('Cannot fit a forest on zero rows');
  if (x.nCols === 0 || x.nCols > 32_767) {
    throw new InvalidInputError(`A forest needs 1..32767 features, got ${x.nCols}`);
  }
  if (new Set(x.columns).size !== x.nCols) throw new InvalidInputError('Duplicate feature names');
  for (const [i, v] of y.entries()) {
    if (!Number.isFinite(v)) throw new InvalidInputError(`Target is not finite at row ${i}`);
  }
  const binned = binMatrix(x, computeBinEdges(x, p.maxBins, deriveSeed(p.seed, -1)));
  const binOffset = new Int32Array(x.nCols);
  let totalBins = 0;
  for (let f = 0; f < x.nCols; f++) {
    binOffset[f] = totalBins;
    totalBins += binned.valueBins[f]! + 1;
  }
  const ctx: TreeContext = {
    binned,
    y,
    binOffset,
    totalBins,
    params: p,
    scratch: createTreeScratch(x.nRows, x.nCols),
  };
  const sink: NodeSink = { feature: [], threshold: [], nanLeft: [], right: [], value: [] };
  const treeStart = new Int32Array(p.nTrees + 1);
  for (let t = 0; t < p.nTrees; t++) {
    treeStart[t] = sink.feature.length;
    growTree(ctx, createRng(deriveSeed(p.seed, t)), sink);
  }
  treeStart[p.nTrees] = sink.feature.length;
  return {
    kind: 'hist-forest',
    schemaVersion: 1,
    featureNames: [...x.columns],
    params: p,
    treeStart,
    feature: Int16Array.from(sink.feature),
    threshold: Float32Array.from(sink.threshold),
    nanLeft: Uint8Array.from(sink.nanLeft),
    right: Int32Array.from(sink.right),
    value: Float32Array.from(sink.value),
  };
}

/**
 * Predicts every row: the mean of the trees, and p10/p50/p90 = quantiles of the per-tree
 * predictions (linear interpolation, numpy default). Throws InvalidInputError when x.columns
 * differ from forest.featureNames in names or order.
 */
export function predictForest(forest: Forest, x: Matrix): ForestPrediction {
  assertMatrixShape(x);
  assertSameColumns(forest.featureNames, x.columns);
  const { feature, threshold, nanLeft, right, value, treeStart } = forest;
  const nTrees = treeStart.length - 1;
  const { nRows, nCols, data } = x;
  const out: ForestPrediction = {
    mean: new Float32Array(nRows),
    p10: new Float32Array(nRows),
    p50: new Float32Array(nRows),
    p90: new Float32Array(nRows),
  };
  // Sized to the rows at hand: a day-ahead forecast predicts 23–25 rows per call.
  const block = new Float64Array(Math.min(nRows, PREDICT_BLOCK_ROWS) * nTrees);
  for (let r0 = 0; r0 < nRows; r0 += PREDICT_BLOCK_ROWS) {
    const r1 = Math.min(nRows, r0 + PREDICT_BLOCK_ROWS);
    for (let t = 0; t < nTrees; t++) {
      const root = treeStart[t]!;
      for (let r = r0; r < r1; r++) {
        const base = r * nCols;
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          const v = data[base + f]!;
          node =
            v <= threshold[node]! || (Number.isNaN(v) && nanLeft[node] === 1)
              ? node + 1
              : right[node]!;
          f = feature[node]!;
        }
        block[(r - r0) * nTrees + t] = value[node]!;
      }
    }
    for (let r = r0; r < r1; r++) {
      const preds = block.subarray((r - r0) * nTrees, (r - r0 + 1) * nTrees).sort();
      let sum = 0;
      for (const v of preds) sum += v;
      out.mean[r] = sum / nTrees;
      out.p10[r] = quantileSorted(preds, 0.1);
      out.p50[r] = quantileSorted(preds, 0.5);
      out.p90[r] = quantileSorted(preds, 0.9);
    }
  }
  return out;
}

function assertSameColumns(expected: readonly string[], actual: readonly string[]): void {
  const same = expected.length === actual.length && expected.every((name, i) => actual[i] === name);
  if (!same) {
    throw new InvalidInputError('Feature columns differ from the forest feature names', {
      details: { expected: [...expected], actual: [...actual] },
    });
  }
}
