import { InvalidInputError } from '../errors.js';

/** A dense feature matrix: row-major Float32 values, NaN = missing, one name per column. */
export interface Matrix {
  data: Float32Array;
  nRows: number;
  nCols: number;
  columns: readonly string[];
}

/**
 * Allocates an all-zero matrix with the given column names; throws InvalidInputError on a
 * negative or fractional row count or duplicate column names.
 */
export function createMatrix(columns: readonly string[], nRows: number): Matrix {
  if (!Number.isInteger(nRows) || nRows < 0) {
    throw new InvalidInputError(`Row count must be a non-negative integer, got ${nRows}`);
  }
  if (new Set(columns).size !== columns.length) {
    throw new InvalidInputError('Matrix column names must be unique');
  }
  const nCols = columns.length;
  return { data: new Float32Array(nRows * nCols), nRows, nCols, columns: [...columns] };
}

/** Builds a matrix from an array of rows (each with one value per column); throws on ragged rows. */
export function matrixFromRows(
  columns: readonly string[],
  rows: readonly (readonly number[])[],
): Matrix {
  const m = createMatrix(columns, rows.length);
  for (const [i, row] of rows.entries()) {
    if (row.length !== m.nCols) {
      throw new InvalidInputError(`Row ${i} has ${row.length} values, expected ${m.nCols}`);
    }
    m.data.set(row, i * m.nCols);
  }
  return m;
}

/** Throws InvalidInputError when the data length does not match nRows × nCols. */
export function assertMatrixShape(x: Matrix): void {
  if (x.nCols !== x.columns.length || x.data.length !== x.nRows * x.nCols) {
    throw new InvalidInputError(
      `Matrix shape mismatch: ${x.data.length} values for ${x.nRows} rows × ${x.nCols} columns (${x.columns.length} names)`,
    );
  }
}
