import { InvalidInputError } from '../errors.js';
import {
  accumulate,
  type ErrorSummary,
  emptySums,
  mapeFloorWh,
  pinballLoss,
  summarise,
} from './error-sums.js';

/**
 * Forecast errors of one supply's series, read through the definitions of error-sums.ts (the ones
 * backtests use). Every function takes actual and predicted series of the same length and ignores
 * the pairs where either value is NaN. Ratios are fractions (0.12 = 12 %); NaN when there is
 * nothing to measure (no pairs, zero denominator).
 */

type Series = ArrayLike<number>;

/**
 * WAPE, MAPE (floor: 10 % of the series' mean actual) and bias of one series.
 * @throws InvalidInputError when the lengths differ
 * @example summariseSeries([100, 200], [110, 170]).wape // 0.1333…
 */
export function summariseSeries(actual: Series, predicted: Series): ErrorSummary {
  assertSameLength(actual, predicted);
  const sums = emptySums();
  const floor = mapeFloorWh(actual);
  for (let i = 0; i < actual.length; i++) accumulate(sums, actual[i]!, predicted[i]!, floor);
  return summarise(sums);
}

function assertSameLength(actual: Series, predicted: Series): void {
  if (actual.length !== predicted.length) {
    throw new InvalidInputError(
      `Actual and predicted lengths differ: ${actual.length} vs ${predicted.length}`,
    );
  }
}

/**
 * Weighted absolute percentage error Σ|a − p| / Σa, as a fraction.
 * @throws InvalidInputError when the lengths differ
 * @example wape([100, 200], [110, 170]) // 0.1333…
 */
export function wape(actual: Series, predicted: Series): number {
  return summariseSeries(actual, predicted).wape;
}

/**
 * Mean absolute percentage error mean(|a − p| / a) over the hours whose actual exceeds 10 % of
 * the series' mean actual (so near-zero hours do not explode it), as a fraction.
 * @throws InvalidInputError when the lengths differ
 * @example mape([100, 200, 1], [110, 170, 5]) // 0.125 (the 1 Wh hour is below 10 % of the mean)
 */
export function mape(actual: Series, predicted: Series): number {
  return summariseSeries(actual, predicted).mape;
}

/**
 * Relative bias Σ(p − a) / Σa, as a fraction: positive means over-forecast.
 * @throws InvalidInputError when the lengths differ
 * @example bias([100, 200], [110, 170]) // -0.0667
 */
export function bias(actual: Series, predicted: Series): number {
  return summariseSeries(actual, predicted).bias;
}

/**
 * Mean pinball (quantile) loss in the series' units (pinballLoss of each pair).
 * @throws InvalidInputError when the lengths differ or quantile is outside (0, 1)
 * @example pinball([100, 200], [110, 170], 0.9) // (1 + 27) / 2 = 14
 */
export function pinball(actual: Series, predicted: Series, quantile: number): number {
  assertSameLength(actual, predicted);
  if (!(quantile > 0 && quantile < 1)) {
    throw new InvalidInputError(`Quantile must be in (0, 1), got ${quantile}`);
  }
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (Number.isNaN(a) || Number.isNaN(p)) continue;
    sum += pinballLoss(a, p, quantile);
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}
