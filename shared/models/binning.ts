import { createRng } from '../random.js';
import { type Matrix } from './matrix.js';

/**
 * Histogram binning for the forest. Per feature, bin 0 holds NaN and bins 1..m hold values, where
 * bin(x) = 1 + (number of edges < x): bin t covers (edges[t-2], edges[t-1]] and the last bin is
 * open-ended. So "bin ≤ t" is exactly "x ≤ edges[t-1]" and a split found on bins becomes a Float32
 * threshold that predicts on raw values without the edges.
 */

/** Rows sampled to place the edges (like LightGBM's bin_construct_sample_cnt). */
const EDGE_SAMPLE_ROWS = 200_000;

/** Rows binned once for a whole fit, column-major: `bins[f * nRows + r]`. */
export interface BinnedMatrix {
  nRows: number;
  nCols: number;
  bins: Uint8Array;
  /** Per feature, the m - 1 upper bounds of value bins 1..m-1 (bin m is open-ended). */
  edges: Float32Array[];
  /** Per feature, m = the number of value bins (NaN bin not counted). */
  valueBins: Int32Array;
}

/**
 * Places at most maxBins - 1 edges per feature from (a seeded sample of) the rows: distinct values
 * when there are few, otherwise greedy equal-count bins that never split a tied value.
 */
export function computeBinEdges(x: Matrix, maxBins: number, seed: number): Float32Array[] {
  const sampleRows = pickSampleRows(x.nRows, seed);
  const values = new Float64Array(sampleRows.length);
  const edges: Float32Array[] = [];
  for (let f = 0; f < x.nCols; f++) {
    let n = 0;
    for (const r of sampleRows) {
      const v = x.data[r * x.nCols + f]!;
      if (!Number.isNaN(v)) values[n++] = v;
    }
    edges.push(edgesFromSorted(values.subarray(0, n).sort(), maxBins));
  }
  return edges;
}

function pickSampleRows(nRows: number, seed: number): Uint32Array {
  if (nRows <= EDGE_SAMPLE_ROWS) return Uint32Array.from({ length: nRows }, (_, i) => i);
  // Partial Fisher-Yates over all row indices, then sorted for cache-friendly reads.
  const rng = createRng(seed);
  const all = Uint32Array.from({ length: nRows }, (_, i) => i);
  for (let i = 0; i < EDGE_SAMPLE_ROWS; i++) {
    const j = i + rng.nextInt(nRows - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, EDGE_SAMPLE_ROWS).sort();
}

function edgesFromSorted(sorted: Float64Array, maxBins: number): Float32Array {
  const vals: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (vals.length > 0 && vals[vals.length - 1] === v) counts[counts.length - 1]!++;
    else {
      vals.push(v);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  if (vals.length <= maxBins) {
    for (let i = 0; i + 1 < vals.length; i++) edges.push(between(vals[i]!, vals[i + 1]!));
    return Float32Array.from(edges);
  }
  let remaining = sorted.length;
  let acc = 0;
  let binsLeft = maxBins;
  for (let i = 0; i + 1 < vals.length && binsLeft > 1; i++) {
    acc += counts[i]!;
    const distinctLeft = vals.length - 1 - i;
    if (acc >= remaining / binsLeft || distinctLeft < binsLeft) {
      edges.push(between(vals[i]!, vals[i + 1]!));
      remaining -= acc;
      acc = 0;
      binsLeft--;
    }
  }
  return Float32Array.from(edges);
}

/** A Float32 edge e with lo ≤ e < hi: the midpoint when it rounds safely, else lo. */
function between(lo: number, hi: number): number {
  const mid = Math.fround((lo + hi) / 2);
  return mid >= lo && mid < hi ? mid : lo;
}

/** Bins every row once (NaN → 0, values → 1..m by binary search over the edges). */
export function binMatrix(x: Matrix, edges: readonly Float32Array[]): BinnedMatrix {
  const { nRows, nCols, data } = x;
  const bins = new Uint8Array(nRows * nCols);
  const valueBins = new Int32Array(nCols);
  for (let f = 0; f < nCols; f++) {
    const e = edges[f]!;
    const nEdges = e.length;
    valueBins[f] = nEdges + 1;
    const out = f * nRows;
    for (let r = 0; r < nRows; r++) {
      const v = data[r * nCols + f]!;
      if (Number.isNaN(v)) continue; // bin 0
      let lo = 0;
      let hi = nEdges;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      bins[out + r] = lo + 1;
    }
  }
  return { nRows, nCols, bins, edges: [...edges], valueBins };
}
