import { InvalidInputError } from '../errors.js';

/**
 * Forecast error metrics. Every function takes actual and predicted series of the same length and
 * ignores the pairs where either value is NaN. Ratios are fractions (0.12 = 12 %); NaN when there is
 * nothing to measure (no pairs, zero denominator).
 */

type Series = ArrayLike<number>;

function assertSameLength(actual: Series, predicted: Series): void {
  if (actual.length !== predicted.length) {
    throw new InvalidInputError(
      `Actual and predicted lengths differ: ${actual.length} vs ${predicted.length}`,
    );
  }
}

/**
 * Weighted absolute percentage error Σ|a − p| / Σ|a|, as a fraction; throws InvalidInputError on a length mismatch.
 * @example wape([100, 200], [110, 170]) // 0.1333…
 */
export function wape(actual: Series, predicted: Series): number {
  assertSameLength(actual, predicted);
  let err = 0;
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (Number.isNaN(a) || Number.isNaN(p)) continue;
    err += Math.abs(a - p);
    total += Math.abs(a);
  }
  return total === 0 ? Number.NaN : err / total;
}

/**
 * Mean absolute percentage error mean(|a − p| / a) over the hours whose actual exceeds
 * minFractionOfMean × the mean actual (so near-zero hours do not explode it), as a fraction.
 * @example mape([100, 200, 1], [110, 170, 5]) // 0.125 (the 1 Wh hour is below 10 % of the mean)
 */
export function mape(actual: Series, predicted: Series, minFractionOfMean = 0.1): number {
  assertSameLength(actual, predicted);
  return mapeAbove(actual, predicted, minFractionOfMean * meanActual(actual, predicted));
}

function meanActual(actual: Series, predicted: Series): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    if (Number.isNaN(a) || Number.isNaN(predicted[i]!)) continue;
    sum += a;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

function mapeAbove(
  actual: Series,
  predicted: Series,
  floor: number,
  from = -Infinity,
  to = Infinity,
): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (Number.isNaN(a) || Number.isNaN(p) || !(a > floor) || a < from || a >= to) continue;
    sum += Math.abs(a - p) / Math.abs(a);
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Relative bias Σ(p − a) / Σa, as a fraction: positive means over-forecast.
 * @example bias([100, 200], [110, 170]) // -0.0667
 */
export function bias(actual: Series, predicted: Series): number {
  assertSameLength(actual, predicted);
  let diff = 0;
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (Number.isNaN(a) || Number.isNaN(p)) continue;
    diff += p - a;
    total += a;
  }
  return total === 0 ? Number.NaN : diff / total;
}

/**
 * Mean pinball (quantile) loss in the series' units: mean of max(q·(a − p), (q − 1)·(a − p)).
 * Throws InvalidInputError when quantile is outside (0, 1).
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
    const d = a - p;
    sum += d >= 0 ? quantile * d : (quantile - 1) * d;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** One consumption band of errorByBand: actual in [fromWh, toWh). */
export interface BandError {
  fromWh: number;
  toWh: number;
  n: number;
  wape: number;
  mape: number;
}

/**
 * Errors by band of the actual value: band i holds the pairs with edgesWh[i] ≤ actual < edgesWh[i+1]
 * (pass Infinity as the last edge for an open top). Band MAPE keeps mape's floor (10 % of the whole
 * series' mean). Throws InvalidInputError unless the edges are strictly increasing (at least two).
 */
export function errorByBand(
  actual: Series,
  predicted: Series,
  edgesWh: readonly number[],
): BandError[] {
  assertSameLength(actual, predicted);
  if (edgesWh.length < 2 || edgesWh.some((e, i) => i > 0 && !(e > edgesWh[i - 1]!))) {
    throw new InvalidInputError('Band edges must be at least two strictly increasing values');
  }
  const floor = 0.1 * meanActual(actual, predicted);
  const bands: BandError[] = [];
  for (let b = 0; b + 1 < edgesWh.length; b++) {
    const fromWh = edgesWh[b]!;
    const toWh = edgesWh[b + 1]!;
    let err = 0;
    let total = 0;
    let n = 0;
    for (let i = 0; i < actual.length; i++) {
      const a = actual[i]!;
      const p = predicted[i]!;
      if (Number.isNaN(a) || Number.isNaN(p) || a < fromWh || a >= toWh) continue;
      err += Math.abs(a - p);
      total += Math.abs(a);
      n++;
    }
    const bandWape = total === 0 ? Number.NaN : err / total;
    bands.push({
      fromWh,
      toWh,
      n,
      wape: bandWape,
      mape: mapeAbove(actual, predicted, floor, fromWh, toWh),
    });
  }
  return bands;
}
