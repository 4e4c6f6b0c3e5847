import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import {
  applyCalibration,
  calibrateIntervals,
  conformalQuantile,
  MIN_STRATUM_ROWS,
} from '../../../shared/models/conformal.js';
import { createRng } from '../../../shared/random.js';

/** Rows whose actual is level · exp(σ·z) with z standard normal, forecast by a too-narrow band. */
function makeRows(n: number, seed: number, sigmaByHour: (hour: number) => number) {
  const rng = createRng(seed);
  const normal = () => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const rows = {
    actualWh: new Float32Array(n),
    point: new Float32Array(n),
    p10: new Float32Array(n),
    p90: new Float32Array(n),
    levelWh: new Float32Array(n),
    localHour: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const level = 100 + 900 * rng.next();
    const hour = i % 24;
    rows.levelWh[i] = level;
    rows.localHour[i] = hour;
    rows.actualWh[i] = level * Math.exp(sigmaByHour(hour) * normal());
    rows.point[i] = level;
    rows.p10[i] = level * 0.95;
    rows.p90[i] = level * 1.05;
  }
  return rows;
}

function shares(rows: ReturnType<typeof makeRows>) {
  let below = 0;
  let above = 0;
  for (let i = 0; i < rows.actualWh.length; i++) {
    if (rows.actualWh[i]! < rows.p10[i]!) below++;
    else if (rows.actualWh[i]! > rows.p90[i]!) above++;
  }
  const n = rows.actualWh.length;
  return { below: below / n, above: above / n };
}

describe('conformalQuantile', () => {
  it.each([
    [[3, 1, 2, 5, 4, 9, 8, 7, 6, 10], 10],
    [Array.from({ length: 99 }, (_, i) => i + 1), 90],
    [[1, 2, 3, 4, 5, 6, 7, 8], Number.POSITIVE_INFINITY],
  ])('takes the ⌈(n + 1)·0.9⌉-th smallest of %j', (scores, expected) => {
    expect(conformalQuantile(scores)).toBe(expected);
  });
});

describe('calibrateIntervals / applyCalibration', () => {
  it('turns a too-narrow band into one missing about 10 % on each side, hour by hour', () => {
    // Prepare: spread grows with the hour, so one pooled offset would be wrong for most hours
    const sigma = (hour: number) => 0.1 + 0.04 * hour;
    const calibration = calibrateIntervals(makeRows(24 * 400, 1, sigma));
    const test = makeRows(24 * 2000, 2, sigma);

    // Act
    applyCalibration(calibration, test, test.levelWh, test.localHour);

    // Assess: overall and within a quiet and a spread-out hour
    expect(shares(test).below).toBeCloseTo(0.1, 1);
    expect(shares(test).above).toBeCloseTo(0.1, 1);
    for (const hour of [0, 23]) {
      const pick = (a: Float32Array) => a.filter((_, i) => test.localHour[i] === hour);
      const one = {
        ...test,
        actualWh: pick(test.actualWh),
        p10: pick(test.p10),
        p90: pick(test.p90),
      } as ReturnType<typeof makeRows>;
      expect(Math.abs(shares(one).below - 0.1)).toBeLessThan(0.03);
      expect(Math.abs(shares(one).above - 0.1)).toBeLessThan(0.03);
    }
  });

  it('narrows a band that is too wide, never past the point forecast', () => {
    const rows = makeRows(24 * 300, 3, () => 0.02);
    const calibration = calibrateIntervals(rows);
    expect(calibration.lower.every((v) => v < 0)).toBe(true);
    applyCalibration(calibration, rows, rows.levelWh, rows.localHour);
    for (let i = 0; i < rows.point.length; i++) {
      expect(rows.p10[i]!).toBeLessThanOrEqual(rows.point[i]!);
      expect(rows.p90[i]!).toBeGreaterThanOrEqual(rows.point[i]!);
    }
  });

  it('uses the pooled offsets for hours with fewer than MIN_STRATUM_ROWS rows', () => {
    const rows = makeRows(24 * (MIN_STRATUM_ROWS - 1), 4, () => 0.3);
    const calibration = calibrateIntervals(rows);
    expect(new Set(calibration.lower)).toEqual(new Set([calibration.pooled.lower]));
    expect(calibration.rows.every((n) => n === MIN_STRATUM_ROWS - 1)).toBe(true);
  });

  it('refuses arrays of different lengths and sets without actuals', () => {
    const rows = makeRows(48, 5, () => 0.1);
    expect(() => calibrateIntervals({ ...rows, p90: rows.p90.subarray(1) })).toThrow(
      InvalidInputError,
    );
    expect(() =>
      calibrateIntervals({ ...rows, actualWh: new Float32Array(48).fill(Number.NaN) }),
    ).toThrow(InvalidInputError);
  });
});
