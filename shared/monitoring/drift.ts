/**
 * Drift evaluation over many features at once: one test per feature (KS or chi-squared), the
 * p-values corrected for multiplicity, and an alarm only where the corrected p-value is below its
 * limit AND the effect size reaches its minimum, so that a huge sample does not alarm on a shift
 * too small to matter.
 */
import { InvalidInputError } from '../errors.js';
import {
  type CategoricalSample,
  categoricalTest,
  continuousTest,
  countLabels,
  type EffectName,
  finiteSorted,
  type RawTest,
  sumCounts,
} from './drift-tests.js';
import { type KsMethod } from './ks.js';
import { adjustPValues, CORRECTIONS, type Correction } from './multiple-testing.js';

export type { CategoricalSample, EffectName };

/** One feature: its reference sample (stored with the model version) and its recent window. */
export type DriftFeature = (
  | { name: string; kind: 'continuous'; reference: ArrayLike<number>; recent: ArrayLike<number> }
  | { name: string; kind: 'categorical'; reference: CategoricalSample; recent: CategoricalSample }
) & {
  /** The feature's minimum effect is the option's times this (default 1). */
  minEffectScale?: number;
};

export interface DriftOptions {
  /** Multiple-testing correction over the tested features. */
  correction: Correction;
  /** An alarm needs a corrected p-value below this. */
  alpha: number;
  /** Minimum effect for an alarm on a continuous feature (in units of `continuousEffect`). */
  minEffect: number;
  /** Minimum Cramér's V for an alarm on a categorical feature. */
  minCramersV: number;
  /** Effect size of continuous features: Wasserstein-1 / reference sd, or the KS statistic. */
  continuousEffect: 'wasserstein-sd' | 'ks-statistic';
  /** Features with fewer observations than this on either side are skipped, not tested. */
  minSamples: number;
  ksMethod: KsMethod;
}

export const DRIFT_DEFAULTS: Readonly<DriftOptions> = Object.freeze({
  correction: 'benjamini-hochberg',
  alpha: 0.01,
  minEffect: 0.1,
  minCramersV: 0.1,
  continuousEffect: 'wasserstein-sd',
  minSamples: 30,
  ksMethod: 'auto',
});

export interface FeatureDrift extends RawTest {
  feature: string;
  kind: 'continuous' | 'categorical';
  adjustedPValue: number;
  /** The minimum effect this feature's alarm needed. */
  minEffect: number;
  alarm: boolean;
}

export interface DriftEvaluation {
  correction: Correction;
  alpha: number;
  /** The tested features, in input order. */
  features: FeatureDrift[];
  /** Features not tested (too few observations), with the reason. */
  skipped: { feature: string; reason: string }[];
  /** Names of the features in alarm. */
  alarms: string[];
}

function checkOptions(o: DriftOptions): void {
  const problems: string[] = [];
  if (!CORRECTIONS.includes(o.correction)) problems.push(`correction "${o.correction}" is unknown`);
  if (!(o.alpha > 0 && o.alpha < 1)) problems.push(`alpha must be in (0, 1), got ${o.alpha}`);
  if (!(o.minEffect >= 0)) problems.push(`minEffect must be ≥ 0, got ${o.minEffect}`);
  if (!(o.minCramersV >= 0)) problems.push(`minCramersV must be ≥ 0, got ${o.minCramersV}`);
  if (!(Number.isInteger(o.minSamples) && o.minSamples >= 1)) {
    problems.push(`minSamples must be an integer ≥ 1, got ${o.minSamples}`);
  }
  if (problems.length > 0) throw new InvalidInputError(`Drift options: ${problems.join('; ')}`);
}

function testFeature(feature: DriftFeature, o: DriftOptions): RawTest | string {
  if (feature.kind === 'continuous') {
    const reference = finiteSorted(feature.reference);
    const recent = finiteSorted(feature.recent);
    const n = Math.min(reference.sorted.length, recent.sorted.length);
    if (n < o.minSamples) return `${n} finite observations on one side, fewer than ${o.minSamples}`;
    const raw = continuousTest(reference.sorted, recent.sorted, o.continuousEffect, o.ksMethod);
    return { ...raw, excluded: reference.excluded + recent.excluded };
  }
  const reference = countLabels(feature.reference, `Drift feature "${feature.name}" reference`);
  const recent = countLabels(feature.recent, `Drift feature "${feature.name}" recent window`);
  const n = Math.min(sumCounts(reference), sumCounts(recent));
  if (!(n >= o.minSamples)) return `${n} observations on one side, fewer than ${o.minSamples}`;
  return categoricalTest(reference, recent);
}

/**
 * Tests every feature's recent window against its reference sample and decides the alarms.
 * Continuous features: two-sided two-sample KS (as scipy.stats.ks_2samp), non-finite values left
 * out and counted. Categorical: chi-squared on the 2 × k table of counts (as
 * scipy.stats.chi2_contingency). p-values are corrected over the tested features
 * (Benjamini-Hochberg by default, or Holm); alarm = adjusted p < alpha AND effect ≥ its minimum.
 * @throws InvalidInputError for bad options, a repeated feature name or a negative count
 */
export function evaluateDrift(
  features: readonly DriftFeature[],
  options: Partial<DriftOptions> = {},
): DriftEvaluation {
  const o: DriftOptions = { ...DRIFT_DEFAULTS, ...options };
  checkOptions(o);
  const names = new Set<string>();
  const tested: { feature: DriftFeature; raw: RawTest }[] = [];
  const skipped: DriftEvaluation['skipped'] = [];
  for (const feature of features) {
    if (names.has(feature.name)) {
      throw new InvalidInputError(`Drift feature "${feature.name}" is given twice`);
    }
    names.add(feature.name);
    const raw = testFeature(feature, o);
    if (typeof raw === 'string') skipped.push({ feature: feature.name, reason: raw });
    else tested.push({ feature, raw });
  }
  const adjusted = adjustPValues(
    tested.map((t) => t.raw.pValue),
    o.correction,
  );
  const results = tested.map(({ feature, raw }, i): FeatureDrift => {
    const minEffect =
      (feature.kind === 'categorical' ? o.minCramersV : o.minEffect) *
      (feature.minEffectScale ?? 1);
    const adjustedPValue = adjusted[i]!;
    const alarm = adjustedPValue < o.alpha && raw.effect >= minEffect;
    return { feature: feature.name, kind: feature.kind, ...raw, adjustedPValue, minEffect, alarm };
  });
  return {
    correction: o.correction,
    alpha: o.alpha,
    features: results,
    skipped,
    alarms: results.filter((r) => r.alarm).map((r) => r.feature),
  };
}
