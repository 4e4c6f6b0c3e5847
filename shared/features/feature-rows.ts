import { InvalidInputError } from '../errors.js';
import { createMatrix } from '../models/matrix.js';
import { type FeatureSet } from './build-features.js';

/** The given rows of a feature set, copied, in the given order. */
export function selectRows(set: FeatureSet, rows: readonly number[]): FeatureSet {
  const { nCols } = set.x;
  const data = new Float32Array(rows.length * nCols);
  for (const [k, r] of rows.entries())
    data.set(set.x.data.subarray(r * nCols, (r + 1) * nCols), k * nCols);
  const pick = <T extends Float32Array | Float64Array | Int32Array>(
    a: T,
    make: (n: number) => T,
  ) => {
    const out = make(rows.length);
    for (const [k, r] of rows.entries()) out[k] = a[r]!;
    return out;
  };
  return {
    x: { ...set.x, data, nRows: rows.length },
    supply: pick(set.supply, (n) => new Int32Array(n)),
    hourEnd: pick(set.hourEnd, (n) => new Float64Array(n)),
    dayNum: pick(set.dayNum, (n) => new Int32Array(n)),
    levelWh: pick(set.levelWh, (n) => new Float32Array(n)),
    actualWh: pick(set.actualWh, (n) => new Float32Array(n)),
    dropped: 0,
  };
}

/** Rows [from, to) of a feature set, sharing its memory. */
export function sliceRows(set: FeatureSet, from: number, to: number): FeatureSet {
  const { nCols } = set.x;
  return {
    x: { ...set.x, data: set.x.data.subarray(from * nCols, to * nCols), nRows: to - from },
    supply: set.supply.subarray(from, to),
    hourEnd: set.hourEnd.subarray(from, to),
    dayNum: set.dayNum.subarray(from, to),
    levelWh: set.levelWh.subarray(from, to),
    actualWh: set.actualWh.subarray(from, to),
    dropped: 0,
  };
}

/**
 * The rows of several feature sets with the same columns, one after another, copied.
 * @throws InvalidInputError when the sets' columns differ
 */
export function concatRows(sets: readonly FeatureSet[], columns: readonly string[]): FeatureSet {
  for (const set of sets) {
    if (set.x.columns.join(',') !== columns.join(',')) {
      throw new InvalidInputError('Feature sets to join have different columns');
    }
  }
  const nRows = sets.reduce((n, set) => n + set.x.nRows, 0);
  const nCols = columns.length;
  const out: FeatureSet = {
    x: createMatrix(columns, nRows),
    supply: new Int32Array(nRows),
    hourEnd: new Float64Array(nRows),
    dayNum: new Int32Array(nRows),
    levelWh: new Float32Array(nRows),
    actualWh: new Float32Array(nRows),
    dropped: 0,
  };
  let at = 0;
  for (const set of sets) {
    out.x.data.set(set.x.data.subarray(0, set.x.nRows * nCols), at * nCols);
    out.supply.set(set.supply, at);
    out.hourEnd.set(set.hourEnd, at);
    out.dayNum.set(set.dayNum, at);
    out.levelWh.set(set.levelWh, at);
    out.actualWh.set(set.actualWh, at);
    out.dropped += set.dropped;
    at += set.x.nRows;
  }
  return out;
}
