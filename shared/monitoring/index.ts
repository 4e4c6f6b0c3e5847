/** Public API of the monitoring statistics (SciPy-equivalent tests, corrections, drift). */
export {
  type ChiSquaredOptions,
  type ChiSquaredResult,
  chiSquaredContingency,
  cramersV,
} from './chi-squared.js';
export { countDayMix, DAY_MIX, type DayMix, dayMixOf } from './day-mix.js';
export {
  type CategoricalSample,
  DRIFT_DEFAULTS,
  type DriftEvaluation,
  type DriftFeature,
  type DriftOptions,
  type EffectName,
  evaluateDrift,
  type FeatureDrift,
} from './drift.js';
export {
  DAY_MIX_FEATURE,
  driftInputs,
  FALLBACK_FEATURE,
  type RecentWindow,
  SEGMENT_FEATURE,
} from './drift-inputs.js';
export { kolmogorovSf } from './kolmogorov.js';
export { type KsMethod, type KsOptions, type KsResult, ksTwoSample } from './ks.js';
export { adjustPValues, CORRECTIONS, type Correction } from './multiple-testing.js';
export {
  comparableDays,
  decidePromotion,
  decideRollback,
  type Evidence,
  type PromotionPolicy,
  type RollbackPolicy,
} from './promotion.js';
export { decideRetrain, type RetrainPolicy, retrainRunId } from './retrain.js';
export { standardDeviation } from './samples.js';
export { chiSquaredSf } from './special.js';
export { wassersteinDistance } from './wasserstein.js';
