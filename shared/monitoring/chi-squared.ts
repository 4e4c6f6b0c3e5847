/**
 * Pearson's chi-squared test of independence on an r × c contingency table, as
 * scipy.stats.chi2_contingency (SciPy 1.17), and Cramér's V as
 * scipy.stats.contingency.association(method='cramer').
 */
import { InvalidInputError } from '../errors.js';
import { chiSquaredSf } from './special.js';

export interface ChiSquaredOptions {
  /** Yates' continuity correction when dof = 1 (default true, as SciPy). */
  correction?: boolean;
}

export interface ChiSquaredResult {
  statistic: number;
  pValue: number;
  /** (r − 1)(c − 1). */
  dof: number;
}

type Table = readonly (readonly number[])[];

function checkTable(table: Table): { rows: number[]; columns: number[]; total: number } {
  const r = table.length;
  const c = table[0]?.length ?? 0;
  if (r === 0 || c === 0) throw new InvalidInputError('Contingency table is empty');
  const rows = new Array<number>(r).fill(0);
  const columns = new Array<number>(c).fill(0);
  for (const [i, row] of table.entries()) {
    if (row.length !== c) {
      throw new InvalidInputError(`Contingency table row ${i} has ${row.length} cells, not ${c}`);
    }
    for (const [j, value] of row.entries()) {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new InvalidInputError(
          `Contingency table cell [${i}][${j}] must be a finite count ≥ 0, got ${value}`,
        );
      }
      rows[i]! += value;
      columns[j]! += value;
    }
  }
  const total = rows.reduce((s, v) => s + v, 0);
  const zeroRow = rows.indexOf(0);
  const zeroColumn = columns.indexOf(0);
  if (zeroRow >= 0 || zeroColumn >= 0) {
    const where = zeroRow >= 0 ? `row ${zeroRow}` : `column ${zeroColumn}`;
    throw new InvalidInputError(
      `Contingency table ${where} sums to 0, so an expected frequency is 0 (drop it first)`,
    );
  }
  return { rows, columns, total };
}

/** Σ (observed − expected)² / expected, optionally with Yates' correction. */
function pearsonStatistic(table: Table, yates: boolean): number {
  const { rows, columns, total } = checkTable(table);
  let statistic = 0;
  for (const [i, row] of table.entries()) {
    for (const [j, observed] of row.entries()) {
      const expected = (rows[i]! * columns[j]!) / total;
      let diff = expected - observed;
      // Yates: move each count towards its expectation by 0.5, never past it (SciPy gh-13875).
      if (yates) diff -= Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      statistic += (diff * diff) / expected;
    }
  }
  return statistic;
}

/**
 * Chi-squared test of independence of the rows and columns of `table` (counts ≥ 0). Yates'
 * correction applies by default when dof = 1; dof = 0 (one row or one column) gives
 * statistic 0, p 1, as SciPy.
 * @throws InvalidInputError for an empty or ragged table, a negative or non-finite count, or a
 *   row or column summing to 0 (its expected frequencies would be 0)
 * @example chiSquaredContingency([[10, 20], [30, 40]]) // { statistic: 0.4464…, pValue: 0.5040…, dof: 1 }
 */
export function chiSquaredContingency(
  table: Table,
  options: ChiSquaredOptions = {},
): ChiSquaredResult {
  const dof = (table.length - 1) * ((table[0]?.length ?? 1) - 1);
  if (dof === 0) {
    checkTable(table);
    return { statistic: 0, pValue: 1, dof };
  }
  const statistic = pearsonStatistic(table, dof === 1 && (options.correction ?? true));
  return { statistic, pValue: chiSquaredSf(statistic, dof), dof };
}

/**
 * Cramér's V = √(χ² / (n · (min(r, c) − 1))), χ² without continuity correction, n the table's
 * total: 0 for independence, 1 for complete association.
 * @throws InvalidInputError as chiSquaredContingency, or when the table has a single row or column
 * @example cramersV([[10, 20], [30, 40]]) // 0.0890870806374748
 */
export function cramersV(table: Table): number {
  const k = Math.min(table.length, table[0]?.length ?? 0);
  if (k < 2) throw new InvalidInputError("Cramér's V needs at least two rows and two columns");
  const total = checkTable(table).total;
  return Math.sqrt(pearsonStatistic(table, false) / (total * (k - 1)));
}
