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
