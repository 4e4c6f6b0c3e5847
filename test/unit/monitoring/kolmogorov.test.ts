import { describe, expect, it } from 'vitest';
import { kolmogorovSf } from '../../../shared/monitoring/kolmogorov.js';
import { smirnovSf } from '../../../shared/monitoring/smirnov.js';
import { expectClose, REFERENCE } from './reference.js';

describe('kolmogorovSf', () => {
  it.each(REFERENCE.kstwo)(
    `matches scipy.stats.kstwo.sf(d=$d, n=$n) = $sf (SciPy ${REFERENCE.provenance.scipy})`,
    ({ n, d, sf }) => {
      expectClose(kolmogorovSf(n, d), sf);
    },
  );

  it('returns 1 at d ≤ 0, 0 at d ≥ 1 and NaN for a non-integer n', () => {
    expect([kolmogorovSf(5, 0), kolmogorovSf(5, -1), kolmogorovSf(5, 1)]).toEqual([1, 1, 0]);
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
  });
});

describe('smirnovSf', () => {
  it('is 1 − x for one observation and (1 − x)^n near x = 1', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(smirnovSf(10, 0.95)).toBeCloseTo(0.05 ** 10, 25);
  });
});
