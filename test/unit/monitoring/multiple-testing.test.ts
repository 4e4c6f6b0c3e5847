import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../../shared/monitoring/multiple-testing.js';
import { expectClose, REFERENCE } from './reference.js';

const STATSMODELS = `statsmodels ${String(REFERENCE.provenance.statsmodels)}`;

describe('adjustPValues', () => {
  it.each(REFERENCE.adjust)(
    `matches multipletests(p, method='fdr_bh') (${STATSMODELS}) and scipy.stats.false_discovery_control: $name`,
    ({ p, bh, bhScipy }) => {
      const adjusted = adjustPValues(p, 'benjamini-hochberg');

      adjusted.forEach((value, i) => {
        expectClose(value, bh[i]!);
        expectClose(value, bhScipy[i]!);
      });
    },
  );

  it.each(REFERENCE.adjust)(
    `matches multipletests(p, method='holm') (${STATSMODELS}): $name`,
    ({ p, holm }) => {
      adjustPValues(p, 'holm').forEach((value, i) => {
        expectClose(value, holm[i]!);
      });
    },
  );

  it('reproduces the BH95 table by hand: 4 of 15 discoveries at q = 0.05', () => {
    // Benjamini & Hochberg (1995), section 4: the largest i with p(i) ≤ i/15 · 0.05 is i = 4.
    const p = REFERENCE.adjust[0]!.p;

    expect(adjustPValues(p, 'benjamini-hochberg').filter((q) => q <= 0.05)).toHaveLength(4);
    // Holm rejects fewer: 0.0001·15, 0.0004·14, 0.0019·13 ≤ 0.05, 0.0095·12 > 0.05.
    expect(adjustPValues(p, 'holm').filter((q) => q <= 0.05)).toHaveLength(3);
  });

  it('returns an empty list for no p-values and refuses one outside [0, 1]', () => {
    expect(adjustPValues([], 'holm')).toEqual([]);
    expect(() => adjustPValues([0.2, 1.5], 'benjamini-hochberg')).toThrow(/p-value 1 is not in/);
    expect(() => adjustPValues([Number.NaN], 'holm')).toThrow(/p-value 0/);
  });
});
