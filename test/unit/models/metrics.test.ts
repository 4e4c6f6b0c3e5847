import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import {
  accumulate,
  emptySums,
  mapeFloorWh,
  pinballLoss,
  summarise,
} from '../../../shared/models/error-sums.js';
import { bias, mape, pinball, summariseSeries, wape } from '../../../shared/models/metrics.js';

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

  it('counts the hours above the floor only, whatever their error', () => {
    // mean 101 / 3 = 33.7, floor 3.37: the 1 Wh hour is left out → (0.1 + 0.15) / 2
    expect(mape([100, 200, 1], [110, 170, 5])).toBeCloseTo(0.125, 12);
  });
});

describe('mapeFloorWh', () => {
  it('is 10 % of the mean actual, NaN ignored, over the given rows', () => {
    expect(mapeFloorWh(ACTUAL)).toBeCloseTo(8.75, 12);
    expect(mapeFloorWh(ACTUAL, [0, 1])).toBeCloseTo(15, 12);
    expect(mapeFloorWh([Number.NaN])).toBeNaN();
  });
});

describe('summariseSeries', () => {
  it('reads the same figures as accumulating the pairs with the series floor', () => {
    const sums = emptySums();
    for (const [i, a] of ACTUAL.entries()) accumulate(sums, a, PREDICTED[i]!, 8.75);

    expect(summariseSeries(ACTUAL, PREDICTED)).toEqual(summarise(sums));
    expect(summariseSeries(ACTUAL, PREDICTED)).toMatchObject({ n: 4, wape: 45 / 350 });
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

  it('agrees with pinballLoss pair by pair', () => {
    expect(pinballLoss(100, 110, 0.9)).toBeCloseTo(1, 12);
    expect(pinballLoss(200, 170, 0.9)).toBeCloseTo(27, 12);
  });

  it.each([0, 1, 1.5])('throws InvalidInputError for quantile %s', (q) => {
    expect(() => pinball([1], [1], q)).toThrow(InvalidInputError);
  });
});
