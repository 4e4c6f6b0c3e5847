import { type Rng } from '../random.js';
import { type BinnedMatrix } from './binning.js';
import { type ForestParams } from './forest-model.js';

/**
 * Grows one regression tree on binned rows. Each node keeps a histogram of (bootstrap weight,
 * weighted target sum) per feature bin; the split maximising sL²/wL + sR²/wR (equivalently the
 * MSE / variance reduction: Σy² does not depend on the split, so it is not accumulated) is chosen
 * among a random subset of features. Only the smaller child's histogram is built from rows; the
 * larger one is parent − smaller. NaN (bin 0) is tried on both sides and goes where the gain is
 * larger; a "values | NaN" split is tried too. Where no training NaN reached a node, NaN at
 * prediction follows the child with more bootstrap draws.
 */

/** Buffers reused across the trees of one fit (sized for nRows). */
export interface TreeScratch {
  weight: Float64Array;
  weightedY: Float64Array;
  rows: Uint32Array;
  tmp: Uint32Array;
  gatherW: Float64Array;
  gatherY: Float64Array;
  featurePerm: Int32Array;
  pool: Float64Array[];
}

/** Nodes appended in pre-order by growTree; converted to typed arrays once all trees are grown. */
export interface NodeSink {
  feature: number[];
  threshold: number[];
  nanLeft: number[];
  right: number[];
  value: number[];
  /** params.leafQuantiles points per leaf, in node order (see Forest.leafPoints). */
  leafPoints: number[];
}

export interface TreeContext {
  binned: BinnedMatrix;
  y: Float32Array;
  /** Per feature, the offset of its bin 0 in a histogram (each feature has valueBins + 1 bins). */
  binOffset: Int32Array;
  totalBins: number;
  params: ForestParams;
  scratch: TreeScratch;
}

interface StackEntry {
  start: number;
  end: number;
  depth: number;
  w: number;
  s: number;
  hist: Float64Array | null;
  parent: number;
}

interface Split {
  feature: number;
  bin: number;
  nanLeft: boolean;
  leftW: number;
  leftS: number;
}

/** Allocates the per-fit buffers (about 40 bytes per row). */
export function createTreeScratch(nRows: number, nCols: number): TreeScratch {
  return {
    weight: new Float64Array(nRows),
    weightedY: new Float64Array(nRows),
    rows: new Uint32Array(nRows),
    tmp: new Uint32Array(nRows),
    gatherW: new Float64Array(nRows),
    gatherY: new Float64Array(nRows),
    featurePerm: Int32Array.from({ length: nCols }, (_, i) => i),
    pool: [],
  };
}

/** Grows one tree on a seeded bootstrap sample and appends its nodes to the sink. */
export function growTree(ctx: TreeContext, rng: Rng, sink: NodeSink): void {
  const { scratch, params } = ctx;
  const { weight, weightedY, rows } = scratch;
  const n = ctx.binned.nRows;
  weight.fill(0);
  const draws = Math.max(1, Math.round(params.sampleFraction * n));
  for (let k = 0; k < draws; k++) weight[rng.nextInt(n)]! += 1;
  let nUnique = 0;
  let w = 0;
  let s = 0;
  for (let r = 0; r < n; r++) {
    const wr = weight[r]!;
    if (wr === 0) continue;
    rows[nUnique++] = r;
    const wy = wr * ctx.y[r]!;
    weightedY[r] = wy;
    w += wr;
    s += wy;
  }
  let rootHist: Float64Array | null = null;
  if (canSplit(ctx, 0, w) && nUnique > 1) {
    rootHist = takeHist(ctx);
    buildHist(ctx, 0, nUnique, rootHist);
  }
  const stack: StackEntry[] = [
    { start: 0, end: nUnique, depth: 0, w, s, hist: rootHist, parent: -1 },
  ];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const index = sink.feature.length;
    if (node.parent >= 0) sink.right[node.parent] = index;
    const split = node.hist === null ? null : findBestSplit(ctx, node.hist, node.w, node.s, rng);
    if (split === null) {
      if (node.hist !== null) scratch.pool.push(node.hist);
      emit(sink, -1, 0, false, node.s / node.w);
      pushLeafPoints(ctx, node.start, node.end, node.w, sink.leafPoints);
      continue;
    }
    const edges = ctx.binned.edges[split.feature]!;
    const threshold = split.bin <= edges.length ? edges[split.bin - 1]! : Number.POSITIVE_INFINITY;
    emit(sink, split.feature, threshold, split.nanLeft, node.s / node.w);
    const mid = partition(ctx, node.start, node.end, split);
    const left = { w: split.leftW, s: split.leftS, start: node.start, end: mid };
    const right = { w: node.w - split.leftW, s: node.s - split.leftS, start: mid, end: node.end };
    const depth = node.depth + 1;
    const hists = childHists(ctx, node.hist!, left, right, depth);
    stack.push({ ...right, depth, hist: hists[1], parent: index });
    stack.push({ ...left, depth, hist: hists[0], parent: -1 });
  }
}

function canSplit(ctx: TreeContext, depth: number, w: number): boolean {
  return depth < ctx.params.maxDepth && w >= 2 * ctx.params.minSamplesLeaf;
}

interface Child {
  w: number;
  start: number;
  end: number;
}

/** Histograms of the two children (null for a child that will be a leaf); consumes the parent's. */
function childHists(
  ctx: TreeContext,
  parent: Float64Array,
  left: Child,
  right: Child,
  depth: number,
): [Float64Array | null, Float64Array | null] {
  const needL = canSplit(ctx, depth, left.w) && left.end - left.start > 1;
  const needR = canSplit(ctx, depth, right.w) && right.end - right.start > 1;
  if (!needL && !needR) {
    ctx.scratch.pool.push(parent);
    return [null, null];
  }
  const leftSmaller = left.end - left.start <= right.end - right.start;
  const small = leftSmaller ? left : right;
  const needSmall = leftSmaller ? needL : needR;
  const needLarge = leftSmaller ? needR : needL;
  const smallHist = takeHist(ctx);
  buildHist(ctx, small.start, small.end, smallHist);
  let largeHist: Float64Array | null = null;
  if (needLarge) {
    for (let k = 0; k < parent.length; k++) parent[k]! -= smallHist[k]!;
    largeHist = parent;
  } else ctx.scratch.pool.push(parent);
  const smallOut = needSmall ? smallHist : null;
  if (!needSmall) ctx.scratch.pool.push(smallHist);
  return leftSmaller ? [smallOut, largeHist] : [largeHist, smallOut];
}

function takeHist(ctx: TreeContext): Float64Array {
  return ctx.scratch.pool.pop() ?? new Float64Array(2 * ctx.totalBins);
}

function emit(sink: NodeSink, f: number, thr: number, nanLeft: boolean, value: number): void {
  sink.feature.push(f);
  sink.threshold.push(thr);
  sink.nanLeft.push(nanLeft ? 1 : 0);
  sink.right.push(-1);
  sink.value.push(value);
}

/**
 * Summarises a leaf's bootstrap-weighted targets by K quantiles at levels (k + 0.5) / K: the
 * value whose cumulative weight first reaches that share of the leaf's weight (inverse of the
 * weighted empirical CDF), so each point stands for mass 1/K. K = 0 appends nothing.
 */
function pushLeafPoints(
  ctx: TreeContext,
  start: number,
  end: number,
  total: number,
  out: number[],
): void {
  const k = ctx.params.leafQuantiles;
  if (k === 0) return;
  const { rows, weight, gatherY, gatherW } = ctx.scratch;
  const n = end - start;
  const order = ctx.scratch.tmp.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const r = rows[start + i]!;
    gatherY[i] = ctx.y[r]!;
    gatherW[i] = weight[r]!;
    order[i] = i;
  }
  order.sort((a, b) => gatherY[a]! - gatherY[b]!);
  let j = 0;
  let cumulative = gatherW[order[0]!]!;
  for (let q = 0; q < k; q++) {
    const target = ((q + 0.5) / k) * total;
    while (cumulative < target && j < n - 1) cumulative += gatherW[order[++j]!]!;
    out.push(gatherY[order[j]!]!);
  }
}

/** Fills hist with (Σ weight, Σ weight·y) per feature bin over rows[start, end). */
function buildHist(ctx: TreeContext, start: number, end: number, hist: Float64Array): void {
  const { rows, weight, weightedY, gatherW, gatherY } = ctx.scratch;
  const { bins, nRows, nCols } = ctx.binned;
  const offsets = ctx.binOffset;
  const n = end - start;
  hist.fill(0);
  for (let i = 0; i < n; i++) {
    const r = rows[start + i]!;
    gatherW[i] = weight[r]!;
    gatherY[i] = weightedY[r]!;
  }
  for (let f = 0; f < nCols; f++) {
    const col = f * nRows;
    const base = 2 * offsets[f]!;
    for (let i = 0; i < n; i++) {
      const k = base + 2 * bins[col + rows[start + i]!]!;
      hist[k]! += gatherW[i]!;
      hist[k + 1]! += gatherY[i]!;
    }
  }
}

/** Best split over a random subset of features, or null when no split improves the node. */
function findBestSplit(
  ctx: TreeContext,
  hist: Float64Array,
  w: number,
  s: number,
  rng: Rng,
): Split | null {
  const { featurePerm } = ctx.scratch;
  const nCols = featurePerm.length;
  const tries = Math.max(1, Math.floor(ctx.params.maxFeatures * nCols));
  const minLeaf = ctx.params.minSamplesLeaf;
  const parentScore = (s * s) / w;
  let bestScore = parentScore + 1e-10 * Math.abs(parentScore);
  let best: Split | null = null;
  for (let k = 0; k < tries; k++) {
    const j = k + rng.nextInt(nCols - k);
    const f = featurePerm[j]!;
    featurePerm[j] = featurePerm[k]!;
    featurePerm[k] = f;
    const base = 2 * ctx.binOffset[f]!;
    const m = ctx.binned.valueBins[f]!;
    const nanW = hist[base]!;
    const nanS = hist[base + 1]!;
    const last = nanW > 0 ? m : m - 1;
    let lw = 0;
    let ls = 0;
    for (let t = 1; t <= last; t++) {
      lw += hist[base + 2 * t]!;
      ls += hist[base + 2 * t + 1]!;
      const rw = w - lw;
      if (lw >= minLeaf && rw >= minLeaf) {
        const rs = s - ls;
        const score = (ls * ls) / lw + (rs * rs) / rw;
        if (score > bestScore) {
          bestScore = score;
          best = { feature: f, bin: t, nanLeft: false, leftW: lw, leftS: ls };
        }
      }
      if (nanW > 0) {
        const lw2 = lw + nanW;
        const rw2 = w - lw2;
        if (lw2 >= minLeaf && rw2 >= minLeaf) {
          const ls2 = ls + nanS;
          const rs2 = s - ls2;
          const score = (ls2 * ls2) / lw2 + (rs2 * rs2) / rw2;
          if (score > bestScore) {
            bestScore = score;
            best = { feature: f, bin: t, nanLeft: true, leftW: lw2, leftS: ls2 };
          }
        }
      }
    }
  }
  // No NaN reached this node in training: at prediction a NaN follows the heavier child
  // (scikit-learn's rule for missing values unseen at fit time).
  if (best !== null && hist[2 * ctx.binOffset[best.feature]!] === 0) {
    best.nanLeft = 2 * best.leftW >= w;
  }
  return best;
}

/** Stable in-place partition of rows[start, end) by the split; returns the first right index. */
function partition(ctx: TreeContext, start: number, end: number, split: Split): number {
  const { rows, tmp } = ctx.scratch;
  const { bins, nRows } = ctx.binned;
  const col = split.feature * nRows;
  const t = split.bin;
  const nanLeft = split.nanLeft;
  let nl = 0;
  let nr = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const b = bins[col + r]!;
    if (b === 0 ? nanLeft : b <= t) rows[start + nl++] = r;
    else tmp[nr++] = r;
  }
  rows.set(tmp.subarray(0, nr), start + nl);
  return start + nl;
}
