import { type FeatureSet, type FeatureTarget } from '../features/build-features.js';
import { createRng } from '../random.js';
import { type ModelForecast } from './backtest.js';
import { applyCalibration, type IntervalCalibration, LOG_OFFSET } from './conformal.js';
import { type Forest, type ForestParams, fitForest, predictForest } from './forest.js';

/**
 * The per-segment regressor around the quantile forest: it learns log(wh / levelWh + LOG_OFFSET)
 * (so supplies of any size share one forest), predicts the median and the p10/p90 of that, and
 * scales them back by the row's level.
 */

/** Largest target ratio learnt or predicted: one hour at 24× the mean hour is a whole day's energy. */
export const MAX_RELATIVE = 24;

/**
 * Picks (supply, day) training targets: all of them when they fit in maxRows (at 24 rows a day),
 * else a seeded uniform sample without replacement, in a stable order.
 * @example sampleTargets(2, ['2024-01-01'], 1000, 1) // both supplies on that day
 */
export function sampleTargets(
  nSupplies: number,
  days: readonly string[],
  maxRows: number,
  seed: number,
): FeatureTarget[] {
  const all: FeatureTarget[] = [];
  for (let supply = 0; supply < nSupplies; supply++) {
    for (const day of days) all.push({ supply, day });
  }
  const keep = Math.max(1, Math.floor(maxRows / 24));
  if (all.length <= keep) return all;
  const rng = createRng(seed);
  const idx = Array.from(all.keys());
  for (let i = 0; i < keep; i++) {
    const j = i + rng.nextInt(idx.length - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, keep)
    .sort((a, b) => a - b)
    .map((i) => all[i]!);
}

/**
 * The forest's target: log(wh / level + LOG_OFFSET), wh / level clipped to [0, MAX_RELATIVE].
 * Splitting on squared error of the log keeps the rare spikes of household load from steering
 * every split, and quantiles survive the transform (it is monotone), so the p50 read back is the
 * median of Wh / level.
 */
export function logRelativeTarget(set: FeatureSet): Float32Array {
  return Float32Array.from(set.actualWh, (a, i) =>
    Math.log(Math.min(MAX_RELATIVE, Math.max(0, a / set.levelWh[i]!)) + LOG_OFFSET),
  );
}

/**
 * Wh from a value on the target's scale: (exp(v) − LOG_OFFSET) clipped to [0, MAX_RELATIVE], × level.
 * @example whFromLogRelative(Math.log(1.3), 200) // 200
 */
export function whFromLogRelative(v: number, levelWh: number): number {
  return Math.min(MAX_RELATIVE, Math.max(0, Math.exp(v) - LOG_OFFSET)) * levelWh;
}

/** Fits the segment forest on labelled rows. @throws InvalidInputError (fitForest) on no rows. */
export function fitSegmentForest(set: FeatureSet, params: Partial<ForestParams>): Forest {
  return fitForest(set.x, logRelativeTarget(set), params);
}

/**
 * Predicts Wh for every row: the point forecast is the forest's median (p50, which minimises
 * WAPE), with p10/p90 from the forest's quantiles, then conformally calibrated when a
 * calibration is given; all within [0, MAX_RELATIVE × level] and p10 ≤ point ≤ p90.
 * @throws InvalidInputError on mismatching columns
 */
export function predictSegment(
  forest: Forest,
  set: FeatureSet,
  calibration?: IntervalCalibration,
): ModelForecast {
  const raw = predictForest(forest, set.x);
  const scale = (values: Float32Array) =>
    Float32Array.from(values, (v, i) => whFromLogRelative(v, set.levelWh[i]!));
  const forecast = { point: scale(raw.p50), p10: scale(raw.p10), p90: scale(raw.p90) };
  if (calibration !== undefined) {
    applyCalibration(calibration, forecast, set.levelWh, localHours(set));
    const cap = (v: number, i: number) => Math.min(v, MAX_RELATIVE * set.levelWh[i]!);
    forecast.p90 = Float32Array.from(forecast.p90, cap);
  }
  return forecast;
}

/** The localHour column of a feature set (the stratum of the interval calibration). */
export function localHours(set: FeatureSet): Int32Array {
  const c = set.x.columns.indexOf('localHour');
  return Int32Array.from({ length: set.x.nRows }, (_, i) => set.x.data[i * set.x.nCols + c]!);
}
