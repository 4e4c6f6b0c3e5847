import { describe, expect, it } from 'vitest';
import { type FeatureSet } from '../../../shared/features/build-features.js';
import { concatRows } from '../../../shared/features/feature-rows.js';
import { matrixFromRows } from '../../../shared/models/matrix.js';

/** A two-column set whose rows carry `base`, `base + 1`, ... in every field. */
function set(base: number, rows: number, columns = ['a', 'b']): FeatureSet {
  const values = Array.from({ length: rows }, (_, i) => base + i);
  return {
    x: matrixFromRows(
      columns,
      values.map((v) => [v, -v]),
    ),
    supply: Int32Array.from(values),
    hourEnd: Float64Array.from(values),
    dayNum: Int32Array.from(values),
    levelWh: Float32Array.from(values),
    actualWh: Float32Array.from(values),
    dropped: 1,
  };
}

describe('concatRows', () => {
  it('puts the rows of each set after those of the one before', () => {
    const out = concatRows([set(10, 2), set(20, 0), set(30, 1)], ['a', 'b']);

    expect(out.x.nRows).toBe(3);
    expect([...out.x.data]).toEqual([10, -10, 11, -11, 30, -30]);
    expect([...out.supply]).toEqual([10, 11, 30]);
    expect([...out.hourEnd]).toEqual([10, 11, 30]);
    expect([...out.dayNum]).toEqual([10, 11, 30]);
    expect([...out.levelWh]).toEqual([10, 11, 30]);
    expect([...out.actualWh]).toEqual([10, 11, 30]);
    expect(out.dropped).toBe(3);
  });

  it('gives an empty set with the columns when there is no set', () => {
    const out = concatRows([], ['a', 'b']);

    expect(out.x).toEqual({ data: new Float32Array(0), nRows: 0, nCols: 2, columns: ['a', 'b'] });
  });

  it('refuses sets of other columns', () => {
    expect(() => concatRows([set(0, 1, ['a', 'c'])], ['a', 'b'])).toThrow(/different columns/);
  });
});
