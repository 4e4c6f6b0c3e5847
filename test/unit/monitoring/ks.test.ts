import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { ksTwoSample } from '../../../shared/monitoring/ks.js';
import { equalSizesPValue, unequalSizesPValue } from '../../../shared/monitoring/ks-exact.js';
import { describeSample, expandSample } from '../../helpers/samples.js';
import { expectClose, REFERENCE } from './reference.js';

const SCIPY = `SciPy ${REFERENCE.provenance.scipy}`;

describe('ksTwoSample', () => {
  it.each(
    REFERENCE.ks.map((c) => ({ ...c, sizes: `${describeSample(c.a)} vs ${describeSample(c.b)}` })),
  )(
    `matches scipy.stats.ks_2samp(a, b, method=$method) (${SCIPY}): $name`,
    ({ a, b, method, statistic, pValue }) => {
      const result = ksTwoSample(expandSample(a), expandSample(b), { method });

      expectClose(result.statistic, statistic);
      expectClose(result.pValue, pValue);
    },
  );

  it('is symmetric in its two samples', () => {
    const a = expandSample({ seed: 1, n: 300, dist: 'irwin-hall' });
    const b = expandSample({ seed: 2, n: 470, dist: 'irwin-hall', loc: 0.2 });

    expect(ksTwoSample(a, b)).toEqual(ksTwoSample(b, a));
  });

  it('says which method produced the p-value', () => {
    const small = [1, 2, 3];
    const large = expandSample({ seed: 3, n: 10_001, dist: 'uniform' });

    expect(ksTwoSample(small, [4, 5, 6]).method).toBe('exact');
    expect(ksTwoSample(small, large).method).toBe('asymp');
    expect(ksTwoSample(small, [4, 5, 6], { method: 'asymp' }).method).toBe('asymp');
  });

  it.each([
    ['an empty sample', [], [1], /Sample a is empty/],
    ['a NaN', [1, Number.NaN], [1], /Sample a has a non-finite value at index 1/],
    ['an infinity', [1], [2, Number.POSITIVE_INFINITY], /Sample b has a non-finite value/],
  ])('refuses %s', (_, a, b, message) => {
    expect(() => ksTwoSample(a, b)).toThrow(InvalidInputError);
    expect(() => ksTwoSample(a, b)).toThrow(message);
  });

  it('refuses an unknown method', () => {
    expect(() => ksTwoSample([1], [2], { method: 'fast' as never })).toThrow(/Unknown KS method/);
  });
});

describe('exact two-sample p-values', () => {
  it('gives 2 / C(m + n, n) for complete separation, equal or unequal sizes', () => {
    // Only the two extreme paths leave a band of width lcm: all of one sample first.
    expect(equalSizesPValue(5, 5)).toBeCloseTo(2 / 252, 15);
    expect(unequalSizesPValue(5, 7, 1, 35)).toBeCloseTo(2 / 792, 15);
  });
});
