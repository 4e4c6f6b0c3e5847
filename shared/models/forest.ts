import { InvalidInputError } from '../errors.js';
import { createRng, deriveSeed } from '../random.js';
import { binMatrix, computeBinEdges } from './binning.js';
import {
  type Forest,
  type ForestParams,
  leafOffsets,
  resolveForestParams,
} from './forest-model.js';
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
  const sink: NodeSink = {
    feature: [],
    threshold: [],
    nanLeft: [],
    right: [],
    value: [],
    leafPoints: [],
  };
  const treeStart = new Int32Array(p.nTrees + 1);
  for (let t = 0; t < p.nTrees; t++) {
    treeStart[t] = sink.feature.length;
    growTree(ctx, createRng(deriveSeed(p.seed, t)), sink);
  }
  treeStart[p.nTrees] = sink.feature.length;
  const feature = Int16Array.from(sink.feature);
  return {
    kind: 'hist-forest',
    schemaVersion: 2,
    featureNames: [...x.columns],
    params: p,
    treeStart,
    feature,
    threshold: Float32Array.from(sink.threshold),
    nanLeft: Uint8Array.from(sink.nanLeft),
    right: Int32Array.from(sink.right),
    value: Float32Array.from(sink.value),
    leafPoints: Float32Array.from(sink.leafPoints),
    leafOffset: leafOffsets(feature, p.leafQuantiles),
  };
}

/**
 * Predicts every row. `mean` is the mean of the trees' leaf means. With leaf points (a quantile
 * regression forest, Meinshausen 2006), p10/p50/p90 are quantiles of the mixture of the leaves
 * the row reaches, each tree weighted equally: the T·K leaf points, each of mass 1/(T·K), read at
 * position q·T·K − ½ with linear interpolation (Hazen's plotting position). Without leaf points
 * they are quantiles of the per-tree predictions (numpy's linear method), a measure of the trees'
 * disagreement rather than of the target's spread.
 * Throws InvalidInputError when x.columns differ from forest.featureNames in names or order.
 */
export function predictForest(forest: Forest, x: Matrix): ForestPrediction {
  assertMatrixShape(x);
  assertSameColumns(forest.featureNames, x.columns);
  const nTrees = forest.treeStart.length - 1;
  const k = forest.params.leafQuantiles;
  const { nRows } = x;
  const out: ForestPrediction = {
    mean: new Float32Array(nRows),
    p10: new Float32Array(nRows),
    p50: new Float32Array(nRows),
    p90: new Float32Array(nRows),
  };
  // Sized to the rows at hand: a day-ahead forecast predicts 23–25 rows per call.
  const leaves = new Int32Array(Math.min(nRows, PREDICT_BLOCK_ROWS) * nTrees);
  const points = new Float64Array(nTrees * Math.max(k, 1));
  for (let r0 = 0; r0 < nRows; r0 += PREDICT_BLOCK_ROWS) {
    const r1 = Math.min(nRows, r0 + PREDICT_BLOCK_ROWS);
    findLeaves(forest, x, r0, r1, leaves);
    for (let r = r0; r < r1; r++) {
      const reached = leaves.subarray((r - r0) * nTrees, (r - r0 + 1) * nTrees);
      let sum = 0;
      for (const node of reached) sum += forest.value[node]!;
      out.mean[r] = sum / nTrees;
      let sorted: Float64Array;
      let at: (sorted: Float64Array, q: number) => number;
      if (k > 0) {
        let n = 0;
        for (const node of reached) {
          const first = forest.leafOffset[node]!;
          for (let j = 0; j < k; j++) points[n++] = forest.leafPoints[first + j]!;
        }
        sorted = points.sort();
        at = mixtureQuantile;
      } else {
        for (const [t, node] of reached.entries()) points[t] = forest.value[node]!;
        sorted = points.sort();
        at = quantileSorted;
      }
      out.p10[r] = at(sorted, 0.1);
      out.p50[r] = at(sorted, 0.5);
      out.p90[r] = at(sorted, 0.9);
    }
  }
  return out;
}

/** Leaf node reached in every tree by rows r0..r1−1, tree-outer (one tree's nodes stay in cache). */
function findLeaves(forest: Forest, x: Matrix, r0: number, r1: number, out: Int32Array): void {
  const { feature, threshold, nanLeft, right, treeStart } = forest;
  const nTrees = treeStart.length - 1;
  const { nCols, data } = x;
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
      out[(r - r0) * nTrees + t] = node;
    }
  }
}

/**
 * Quantile q of n sorted points of equal mass 1/n, each standing for the middle of its mass:
 * position q·n − ½, linearly interpolated, clamped to the extreme points (Hyndman & Fan type 5).
 * @example mixtureQuantile(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function mixtureQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = Math.min(n - 1, Math.max(0, q * n - 0.5));
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

function assertSameColumns(expected: readonly string[], actual: readonly string[]): void {
  const same = expected.length === actual.length && expected.every((name, i) => actual[i] === name);
  if (!same) {
    throw new InvalidInputError('Feature columns differ from the forest feature names', {
      details: { expected: [...expected], actual: [...actual] },
    });
  }
}
