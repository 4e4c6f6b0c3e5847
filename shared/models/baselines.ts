import { InvalidInputError } from '../errors.js';
import { type FeatureSet } from '../features/build-features.js';

/**
 * The two reference forecasts a model must beat, read from the same feature set the model sees,
 * so they obey the same latency and missing-input rules (FEATURE_SPECS): a missing week-ago hour
 * falls back to the 7-day same-hour mean, and a missing mean to the supply's level.
 */

function fromRelative(set: FeatureSet, column: string): Float32Array {
  const c = set.x.columns.indexOf(column);
  if (c < 0) throw new InvalidInputError(`Feature set has no column ${column}`);
  const out = new Float32Array(set.x.nRows);
  for (let i = 0; i < out.length; i++) out[i] = set.x.data[i * set.x.nCols + c]! * set.levelWh[i]!;
  return out;
}

/**
 * Seasonal naive: the same local hour one week before the target day, Wh.
 * @example seasonalNaive(set)[i] // = Wh of the same hour on D−7
 */
export function seasonalNaive(set: FeatureSet): Float32Array {
  return fromRelative(set, 'lagWeekRel');
}

/**
 * Persistence ensemble: the mean of the same local hour over the last 7 days the forecast can see
 * (D−8..D−2 with the default latency), Wh.
 */
export function persistenceEnsemble(set: FeatureSet): Float32Array {
  return fromRelative(set, 'sameHourMean7Rel');
}
