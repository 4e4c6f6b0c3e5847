import { describe, expect, it } from 'vitest';
import { standardDeviation } from '../../../shared/monitoring/samples.js';
import { wassersteinDistance } from '../../../shared/monitoring/wasserstein.js';
import { expandSample } from '../../helpers/samples.js';
import { expectClose, REFERENCE } from './reference.js';

describe('wassersteinDistance', () => {
  it.each(REFERENCE.wasserstein)(
    `matches scipy.stats.wasserstein_distance(a, b) (SciPy ${REFERENCE.provenance.scipy}): $name`,
    ({ a, b, distance }) => {
      expectClose(wassersteinDistance(expandSample(a), expandSample(b)), distance);
    },
  );

  it('equals the shift between a sample and its translate', () => {
    const a = expandSample({ seed: 9, n: 1000, dist: 'uniform' });

    expect(
      wassersteinDistance(
        a,
        a.map((v) => v + 0.25),
      ),
    ).toBeCloseTo(0.25, 12);
  });

  it('refuses an empty sample', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(/Sample a is empty/);
  });
});

describe('standardDeviation', () => {
  it('divides by n, as numpy.std (ddof = 0)', () => {
    // numpy.std([1, 2, 3, 4]) = 1.118033988749895
    expect(standardDeviation([1, 2, 3, 4])).toBeCloseTo(1.118033988749895, 15);
    expect(standardDeviation([5])).toBe(0);
    expect(standardDeviation([])).toBeNaN();
  });
});
