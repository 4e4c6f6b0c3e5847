/**
 * The drift features of a monitor run: each watched input of the recent window beside the raw
 * reference sample stored with the prod version, ready for evaluateDrift.
 */
import { type LocalDay } from '../calendar/days.js';
import { InvalidInputError } from '../errors.js';
import { type FeatureSet } from '../features/build-features.js';
import { anomalyOfRow, TEMPERATURE_ANOMALY } from '../features/weather-index.js';
import { type ReferenceSamples } from '../registry/reference-samples.js';
import { countDayMix } from './day-mix.js';
import { type DriftFeature } from './drift.js';

/** Names of the categorical drift features. */
export const DAY_MIX_FEATURE = 'dayMix';
export const SEGMENT_FEATURE = 'segmentMembership';
export const FALLBACK_FEATURE = 'fallbackShare';

/** The recent window a monitor run compares with the model's reference. */
export interface RecentWindow {
  /**
   * Feature rows of the recent forecast days, built as the forecast built them (every active
   * supply, every hour): its columns and levelWh are read by name.
   */
  features: Pick<FeatureSet, 'x' | 'levelWh' | 'dayNum' | 'supply'>;
  /**
   * The days whose day mix is compared with the training window's, counted one per day (hours of
   * one day are not independent draws of its type). Seven days are fewer observations than
   * evaluateDrift's default minimum (30), so it reports the feature as skipped; pass the lookback
   * days to test it.
   */
  days: readonly LocalDay[];
  /** Active supplies per segment, keyed by segment index. */
  segments: Readonly<Record<string, number>>;
  /** Prediction hours of the recent window by fallback reason, 'none' for the model's own. */
  fallbacks: Readonly<Record<string, number>>;
  /**
   * The same counts over the window just before it (same length). There is no fallback at
   * training, so a share of fallbacks cannot be compared with the training data: the honest
   * reference is the preceding window, and the test asks whether the share changed lately (a
   * weather feed going stale, a distributor's files stopping). Without it the feature is left out.
   */
  previousFallbacks?: Readonly<Record<string, number>>;
}

/**
 * Inputs that hold one value per supply and day (the supply's level, its last day's mean, the
 * days with data): the recent window counts each supply-day once, not 23–25 times, so that a
 * test sees as many observations as there are.
 */
export const PER_DAY_INPUTS: readonly string[] = ['levelWh', 'lastDayMeanRel', 'historyDays'];

/**
 * The weather's minimum effect is this many times the others': a week warmer than usual is
 * weather, not drift (and every supply at one place shares it, so its hours are far from
 * independent draws), while a broken feed (a unit changed, values stuck) is several standard
 * deviations away.
 */
export const WEATHER_EFFECT_SCALE = 5;

/**
 * The values of one named input of a feature set (a matrix column, levelWh or the temperature
 * anomaly), row by row.
 */
function columnOf(set: RecentWindow['features'], name: string): Float64Array {
  if (name === 'levelWh') return Float64Array.from(set.levelWh);
  if (name === TEMPERATURE_ANOMALY)
    return Float64Array.from({ length: set.x.nRows }, (_, r) => anomalyOfRow(set.x, r));
  const c = set.x.columns.indexOf(name);
  if (c < 0) {
    throw new InvalidInputError(`The recent feature rows have no column "${name}" to compare`);
  }
  const out = new Float64Array(set.x.nRows);
  for (let r = 0; r < set.x.nRows; r++) out[r] = set.x.data[r * set.x.nCols + c]!;
  return out;
}

/** The recent observations of an input: every row, or one per supply-day for PER_DAY_INPUTS. */
function recentValues(set: RecentWindow['features'], name: string): Float64Array {
  const values = columnOf(set, name);
  if (!PER_DAY_INPUTS.includes(name)) return values;
  const seen = new Set<number>();
  const out: number[] = [];
  for (let r = 0; r < values.length; r++) {
    const key = set.dayNum[r]! * 1_000_000 + set.supply[r]!;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(values[r]!);
  }
  return Float64Array.from(out);
}

/**
 * The drift features of a recent window against a version's raw reference samples:
 * - continuous, one per watched input stored in the reference (KS against the training rows;
 *   per-day inputs once per supply-day);
 * - `dayMix`: days per category (working, Saturday, Sunday-holiday) against the training window;
 * - `segmentMembership`: active supplies per segment against the supplies per segment at training;
 * - `fallbackShare`: prediction hours per fallback reason (and 'none') against the preceding
 *   window, when it is given.
 * @throws InvalidInputError when the recent rows lack a watched column
 */
export function driftInputs(reference: ReferenceSamples, recent: RecentWindow): DriftFeature[] {
  const features: DriftFeature[] = Object.entries(reference.continuous).map(([name, values]) => ({
    name,
    kind: 'continuous',
    reference: values,
    recent: recentValues(recent.features, name),
    ...(name === TEMPERATURE_ANOMALY ? { minEffectScale: WEATHER_EFFECT_SCALE } : {}),
  }));
  features.push(
    {
      name: DAY_MIX_FEATURE,
      kind: 'categorical',
      reference: reference.dayMix,
      recent: countDayMix(recent.days),
    },
    {
      name: SEGMENT_FEATURE,
      kind: 'categorical',
      reference: reference.segments,
      recent: recent.segments,
    },
  );
  if (recent.previousFallbacks !== undefined) {
    features.push({
      name: FALLBACK_FEATURE,
      kind: 'categorical',
      reference: recent.previousFallbacks,
      recent: recent.fallbacks,
    });
  }
  return features;
}
