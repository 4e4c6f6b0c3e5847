import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { chiSquaredContingency, cramersV } from '../../../shared/monitoring/chi-squared.js';
import { chiSquaredSf } from '../../../shared/monitoring/special.js';
import { expectClose, REFERENCE } from './reference.js';

const SCIPY = `SciPy ${REFERENCE.provenance.scipy}`;

describe('chiSquaredContingency', () => {
  it.each(REFERENCE.chi2)(
    `matches scipy.stats.chi2_contingency(table, correction=$correction) (${SCIPY}): $name`,
    ({ table, correction, statistic, pValue, dof }) => {
      const result = chiSquaredContingency(table, { correction });

      expect(result.dof).toBe(dof);
      expectClose(result.statistic, statistic);
      expectClose(result.pValue, pValue);
    },
  );

  it('applies the Yates correction by default only when dof is 1', () => {
    const twoByTwo = [
      [10, 20],
      [30, 40],
    ];
    const twoByThree = [
      [10, 20, 30],
      [6, 9, 17],
    ];

    expect(chiSquaredContingency(twoByTwo)).not.toEqual(
      chiSquaredContingency(twoByTwo, { correction: false }),
    );
    expect(chiSquaredContingency(twoByThree)).toEqual(
      chiSquaredContingency(twoByThree, { correction: false }),
    );
  });

  it.each([
    ['an empty table', [], /is empty/],
    ['a ragged table', [[1, 2], [3]], /row 1 has 1 cells, not 2/],
    [
      'a negative count',
      [
        [1, -2],
        [3, 4],
      ],
      /cell \[0\]\[1\] must be a finite count ≥ 0, got -2/,
    ],
    [
      'a NaN count',
      [
        [1, 2],
        [Number.NaN, 4],
      ],
      /cell \[1\]\[0\]/,
    ],
    [
      'a column of zeros',
      [
        [1, 0],
        [3, 0],
      ],
      /column 1 sums to 0/,
    ],
    [
      'a row of zeros',
      [
        [0, 0],
        [3, 1],
      ],
      /row 0 sums to 0/,
    ],
  ])('refuses %s', (_, table, message) => {
    expect(() => chiSquaredContingency(table)).toThrow(InvalidInputError);
    expect(() => chiSquaredContingency(table)).toThrow(message);
  });
});

describe('cramersV', () => {
  it.each(REFERENCE.chi2.filter((c) => c.cramersV !== undefined))(
    `matches scipy.stats.contingency.association(table, method='cramer') (${SCIPY}): $name`,
    ({ table, cramersV: expected }) => {
      expectClose(cramersV(table), expected ?? Number.NaN);
    },
  );

  it('refuses a table with a single row', () => {
    expect(() => cramersV([[1, 2, 3]])).toThrow(/at least two rows and two columns/);
  });
});

describe('chiSquaredSf', () => {
  it.each(REFERENCE.chi2Sf)(
    `matches scipy.stats.chi2.sf($x, $dof) = $sf (${SCIPY})`,
    ({ x, dof, sf }) => {
      expectClose(chiSquaredSf(x, dof), sf);
    },
  );

  it('is 1 at 0 and below', () => {
    expect([chiSquaredSf(0, 3), chiSquaredSf(-1, 3)]).toEqual([1, 1]);
  });
});
