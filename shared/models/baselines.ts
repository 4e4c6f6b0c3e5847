import { InvalidInputError } from '../errors.js';
import { type FeatureSet } from '../features/build-features.js';

/**
 * The reference forecasts a forecaster tries first, read from the same feature set the model
 * sees, so they obey the same visibility and missing-input rules (FEATURE_SPECS): a missing value
 * falls back as its feature does (e.g. a missing week-ago hour to the 7-day same-hour mean).
 */

/** Each baseline and the relative feature it reads (× the row's level = Wh). */
export const BASELINES = {
  /** The same local hour one week before the target day. */
  seasonalNaive: 'lagWeekRel',
  /** Mean of the same local hour over the 7 visible days (D−8..D−2 with daily files). */
  mean7: 'sameHourMean7Rel',
  /** Median of the same local hour over the 28 visible days: the strongest on real households. */
  median28: 'sameHourMedian28Rel',
} as const;

export type BaselineName = keyof typeof BASELINES;
export const BASELINE_NAMES = Object.keys(BASELINES) as BaselineName[];

/**
 * A baseline's forecast of every row of a feature set, Wh.
 * @throws InvalidInputError when the set lacks the baseline's column
 * @example baselineForecast(set, 'median28')[i] // median Wh of the row's hour over 28 visible days
 */
export function baselineForecast(set: FeatureSet, name: BaselineName): Float32Array {
  const column = BASELINES[name];
  const c = set.x.columns.indexOf(column);
  if (c < 0) throw new InvalidInputError(`Feature set has no column ${column}`);
  const out = new Float32Array(set.x.nRows);
  for (let i = 0; i < out.length; i++) out[i] = set.x.data[i * set.x.nCols + c]! * set.levelWh[i]!;
  return out;
}
