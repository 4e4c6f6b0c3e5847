import { describe, expect, it } from 'vitest';
import { createBandErrors, createSupplyTotals } from '../../../shared/report/error-bands.js';

const A = 'ES0031000000001000ZZ';
const B = 'ES0031000000001037ZZ';
const C = 'ES0031000000001074ZZ';

describe('createSupplyTotals', () => {
  it('ranks supplies by absolute error, then those forecast but not scored, by CUPS', () => {
    const totals = createSupplyTotals();
    totals.add('prod', A, 100, 110); // |e| 10
    totals.add('prod', B, 100, 160); // |e| 60
    totals.add('prod', C, undefined, 500); // not scored yet
    totals.add('prod', 'ES0031000000000001ZZ', Number.NaN, 5);

    expect(totals.largestErrors('prod', 3)).toEqual([B, A, 'ES0031000000000001ZZ']);
    expect(totals.largestErrors('prod', 10)).toHaveLength(4);
    expect(totals.absErrorWh('prod', B)).toBe(60);
    expect(totals.absErrorWh('prod', C)).toBeNull();
    expect(totals.largestErrors('pre', 3)).toEqual([]);
  });

  it('gives each supply a MAPE floor of 10 % of its mean scored actual', () => {
    const totals = createSupplyTotals();
    totals.add('prod', A, 100, 1);
    totals.add('prod', A, 300, 1);

    expect(totals.floorWh('prod', A)).toBeCloseTo(20, 12);
    expect(totals.floorWh('prod', B)).toBe(0);
  });
});

describe('createBandErrors', () => {
  it('scores each band of the actual as training scores its backtest', () => {
    // Prepare: a floor of 10 Wh for A; hours in the 0–100 and 1000–3000 Wh bands.
    const bands = createBandErrors(() => 10);
    bands.add('prod', A, 50, 60); // |e| 10, ape 0.2
    bands.add('prod', A, 5, 15); // below the floor: in WAPE, not in MAPE
    bands.add('prod', A, 2000, 1500); // |e| 500, ape 0.25
    bands.add('prod', A, undefined, 10);
    bands.add('prod', A, -1, 10);

    const prod = bands.result().stages.prod ?? [];

    expect(prod.map((b) => [b.fromWh, b.toWh])).toEqual([
      [0, 100],
      [100, 300],
      [300, 1000],
      [1000, 3000],
      [3000, null],
    ]);
    expect(prod[0]?.n).toBe(2);
    expect(prod[0]?.wape).toBeCloseTo(20 / 55, 6); // (10 + 10) / (50 + 5)
    expect(prod[0]?.mape).toBeCloseTo(0.2, 6);
    expect(prod[3]?.wape).toBeCloseTo(0.25, 6);
    expect(prod[1]).toEqual({ fromWh: 100, toWh: 300, n: 0, wape: null, mape: null });
    expect(bands.result().stages.pre).toBeUndefined();
  });
});
