import { describe, expect, it } from 'vitest';
import { binMatrix, computeBinEdges } from '../../../shared/models/binning.js';
import { createMatrix, matrixFromRows } from '../../../shared/models/matrix.js';
import { createRng } from '../../../shared/random.js';

describe('computeBinEdges', () => {
  it('puts one edge between each pair of distinct values when there are few', () => {
    const x = matrixFromRows(['a'], [[3], [1], [2], [2], [Number.NaN]]);
    const [edges] = computeBinEdges(x, 16, 1);
    expect(Array.from(edges!)).toEqual([1.5, 2.5]);
  });

  it('keeps at most maxBins bins with roughly equal counts and never splits a tie', () => {
    // Prepare: 40 % zeros (like night-time radiation) and 600 distinct positive values
    const rng = createRng(4);
    const rows = Array.from({ length: 1000 }, (_, i) => [i < 400 ? 0 : 1 + rng.next()]);
    const x = matrixFromRows(['radiation'], rows);

    // Act
    const edges = computeBinEdges(x, 8, 1)[0]!;
    const binned = binMatrix(x, [edges]);

    // Assess: ≤ 8 value bins, all zeros in bin 1, the other bins hold about 600 / 7 rows each
    expect(edges.length).toBeLessThanOrEqual(7);
    const counts = new Array(edges.length + 2).fill(0);
    for (const b of binned.bins) counts[b]++;
    expect(counts[1]).toBe(400);
    for (let b = 2; b < counts.length; b++) expect(counts[b]).toBeGreaterThan(50);
  });
});

describe('binMatrix', () => {
  it('maps NaN to bin 0 and value v to 1 + the number of edges below v, column-major', () => {
    const x = createMatrix(['a', 'b'], 3);
    x.data.set([Number.NaN, 5, 1.5, 0, 9, 2.5]);
    const binned = binMatrix(x, [Float32Array.of(1.5, 2.5), Float32Array.of(1)]);
    expect(Array.from(binned.bins)).toEqual([0, 1, 3, 2, 1, 2]);
    expect(Array.from(binned.valueBins)).toEqual([3, 2]);
  });
});
