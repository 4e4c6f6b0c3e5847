import { InvalidInputError } from '../errors.js';

/** Hyper-parameters of the histogram forest (see FOREST_DEFAULTS). */
export interface ForestParams {
  nTrees: number;
  /** Root is depth 0; a node at depth maxDepth is always a leaf. */
  maxDepth: number;
  /** Minimum bootstrap draws (weighted rows) in each leaf. */
  minSamplesLeaf: number;
  /** Fraction of features tried per split, 0..1: max(1, floor(fraction × nFeatures)), like scikit-learn. */
  maxFeatures: number;
  /** Value bins per feature, 2..255 (plus one bin for NaN). */
  maxBins: number;
  /** Bootstrap draws per tree (with replacement) as a fraction of the rows, 0..1. */
  sampleFraction: number;
  /**
   * Points of each leaf's target distribution kept for quantile prediction (0 = none: the forest
   * then only predicts the mean and the spread of its trees), 0..64.
   */
  leafQuantiles: number;
  seed: number;
}

/**
 * The one forest parameter set: training (TRAIN_DEFAULTS.forest) and the forest bench
 * (bench/forest.ts) both use it. A leaf holds at least 50 bootstrap draws, so a tree has at most
 * 2·rows/50 nodes: about 12k at training's 300k-row cap, 40 trees × 15 bytes a node ≈ 7 MB.
 */
export const FOREST_DEFAULTS: ForestParams = Object.freeze({
  nTrees: 40,
  maxDepth: 16,
  minSamplesLeaf: 50,
  maxFeatures: 0.5,
  maxBins: 128,
  sampleFraction: 1,
  leafQuantiles: 8,
  seed: 0,
});

/**
 * A fitted forest. Trees are stored in flat arrays, nodes in pre-order so the left child of an
 * internal node i is i + 1; `right` holds absolute node indices. A node is a leaf when
 * `feature[i] < 0`. Prediction goes left when `x <= threshold[i]`, or when x is NaN and
 * `nanLeft[i] === 1`.
 */
export interface Forest {
  kind: 'hist-forest';
  schemaVersion: 2;
  featureNames: readonly string[];
  params: ForestParams;
  /** nTrees + 1 entries: the root node of tree t is treeStart[t]; the last entry is the node count. */
  treeStart: Int32Array;
  feature: Int16Array;
  threshold: Float32Array;
  nanLeft: Uint8Array;
  right: Int32Array;
  /** Leaf prediction (mean target of the node's bootstrap draws); also set on internal nodes. */
  value: Float32Array;
  /**
   * params.leafQuantiles points per leaf, leaves in node order: the leaf's weighted target
   * distribution summarised by its quantiles at levels (k + 0.5) / K, k = 0..K−1, each carrying
   * mass 1/K. Empty when leafQuantiles is 0.
   */
  leafPoints: Float32Array;
  /** Per node, the index in leafPoints of its first point, or −1 for an internal node (derived). */
  leafOffset: Int32Array;
}

/** Per node, the offset of its leaf points (−1 for internal nodes); K = 0 gives all −1. */
export function leafOffsets(feature: Int16Array, k: number): Int32Array {
  const out = new Int32Array(feature.length).fill(-1);
  if (k === 0) return out;
  let next = 0;
  for (let i = 0; i < feature.length; i++) {
    if (feature[i]! < 0) {
      out[i] = next;
      next += k;
    }
  }
  return out;
}

/** Spreads the caller's options over FOREST_DEFAULTS; throws InvalidInputError on any bad value. */
export function resolveForestParams(params: Partial<ForestParams> = {}): ForestParams {
  const p: ForestParams = { ...FOREST_DEFAULTS, ...params };
  const problems: string[] = [];
  const int = (name: keyof ForestParams, min: number, max: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < min || v > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}], got ${v}`);
    }
  };
  int('nTrees', 1, 10_000);
  int('maxDepth', 1, 64);
  int('minSamplesLeaf', 1, 1e9);
  int('maxBins', 2, 255);
  int('leafQuantiles', 0, 64);
  int('seed', -(2 ** 31), 2 ** 32 - 1);
  if (!(p.maxFeatures > 0 && p.maxFeatures <= 1)) {
    problems.push(`maxFeatures must be in (0, 1], got ${p.maxFeatures}`);
  }
  if (!(p.sampleFraction > 0 && p.sampleFraction <= 1)) {
    problems.push(`sampleFraction must be in (0, 1], got ${p.sampleFraction}`);
  }
  if (problems.length > 0) throw new InvalidInputError(`Bad forest params: ${problems.join('; ')}`);
  return p;
}
