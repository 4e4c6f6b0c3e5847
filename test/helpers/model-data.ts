import { createMatrix, type Matrix } from '../../shared/models/matrix.js';
import { createRng } from '../../shared/random.js';

/** Seeded uniform features in [0, 1) and a target computed from each row. */
export function makeRegressionData(
  nRows: number,
  nCols: number,
  seed: number,
  target: (row: Float32Array, noise: number) => number,
): { x: Matrix; y: Float32Array } {
  const rng = createRng(seed);
  const x = createMatrix(
    Array.from({ length: nCols }, (_, i) => `f${i}`),
    nRows,
  );
  const y = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const row = x.data.subarray(r * nCols, (r + 1) * nCols);
    for (let c = 0; c < nCols; c++) row[c] = rng.next();
    y[r] = target(row, rng.next() - 0.5);
  }
  return { x, y };
}

/** Friedman #1 (Friedman 1991): 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise. */
export function friedman1(row: Float32Array, noise: number): number {
  const [x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0] = row;
  return 10 * Math.sin(Math.PI * x0 * x1) + 20 * (x2 - 0.5) ** 2 + 10 * x3 + 5 * x4 + 2 * noise;
}

/** Rows [from, to) of a matrix as a new matrix. */
export function takeRows(x: Matrix, from: number, to: number): Matrix {
  const m = createMatrix(x.columns, to - from);
  m.data.set(x.data.subarray(from * x.nCols, to * x.nCols));
  return m;
}
