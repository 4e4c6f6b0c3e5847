import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { bias, errorByBand, mape, pinball, wape } from '../../../shared/models/metrics.js';

// Reference values are computed by hand in the comments (and agree with numpy on the same arrays).
const ACTUAL = [100, 200, 0, 50, Number.NaN];
const PREDICTED = [110, 170, 5, 50, 999];

describe('wape', () => {
  it('divides the absolute error by the absolute actual total, ignoring NaN pairs', () => {
    // (10 + 30 + 5 + 0) / (100 + 200 + 0 + 50) = 45 / 350
    expect(wape(ACTUAL, PREDICTED)).toBeCloseTo(45 / 350, 12);
  });

  it('returns NaN when every actual is zero', () => {
    expect(wape([0, 0], [1, 2])).toBeNaN();
  });

  it('throws InvalidInputError on different lengths', () => {
    expect(() => wape([1, 2], [1])).toThrow(InvalidInputError);
  });
});

describe('mape', () => {
  it('averages relative errors over hours above 10 % of the mean actual', () => {
    // mean actual = 350 / 4 = 87.5, floor 8.75: hours 100, 200, 50 count → (0.1 + 0.15 + 0) / 3
    expect(mape(ACTUAL, PREDICTED)).toBeCloseTo(0.25 / 3, 12);
  });

  it('honours a custom floor fraction', () => {
    // floor = 0.6 × 87.5 = 52.5: only 100 and 200 count → (0.1 + 0.15) / 2
    expect(mape(ACTUAL, PREDICTED, 0.6)).toBeCloseTo(0.125, 12);
  });
});

describe('bias', () => {
  it('is the signed total error relative to the actual total', () => {
    // (10 − 30 + 5 + 0) / 350 = −15 / 350
    expect(bias(ACTUAL, PREDICTED)).toBeCloseTo(-15 / 350, 12);
  });
});

describe('pinball', () => {
  it('weights under-forecasts by q and over-forecasts by 1 − q', () => {
    // q = 0.9, a − p = [−10, 30, −5, 0] → [1, 27, 0.5, 0], mean 28.5 / 4
    expect(pinball(ACTUAL, PREDICTED, 0.9)).toBeCloseTo(28.5 / 4, 12);
    // q = 0.5 gives half the mean absolute error: 45 / 4 / 2
    expect(pinball(ACTUAL, PREDICTED, 0.5)).toBeCloseTo(45 / 8, 12);
  });

  it.each([0, 1, 1.5])('throws InvalidInputError for quantile %s', (q) => {
    expect(() => pinball([1], [1], q)).toThrow(InvalidInputError);
  });
});

describe('errorByBand', () => {
  it('splits the pairs by actual value into half-open bands', () => {
    // bands [0, 60) holds 0 and 50; [60, 150) holds 100; [150, ∞) holds 200
    const bands = errorByBand(ACTUAL, PREDICTED, [0, 60, 150, Number.POSITIVE_INFINITY]);

    expect(bands.map((b) => b.n)).toEqual([2, 1, 1]);
    expect(bands[0]!.wape).toBeCloseTo(5 / 50, 12); // (5 + 0) / (0 + 50)
    expect(bands[0]!.mape).toBeCloseTo(0, 12); // the 0 Wh hour is below the floor of 8.75
    expect(bands[1]!.wape).toBeCloseTo(0.1, 12);
    expect(bands[2]!.mape).toBeCloseTo(0.15, 12);
    expect(bands[2]).toMatchObject({ fromWh: 150, toWh: Number.POSITIVE_INFINITY });
  });

  it('reports an empty band with n = 0 and NaN errors', () => {
    const [band] = errorByBand([1, 2], [1, 2], [1000, 2000]);
    expect(band).toMatchObject({ n: 0, wape: Number.NaN, mape: Number.NaN });
  });

  it.each([[[0]], [[0, 0]], [[10, 5]]])('throws InvalidInputError for edges %j', (edges) => {
    expect(() => errorByBand([1], [1], edges)).toThrow(InvalidInputError);
  });
});
