/**
 * One feature's drift test and effect size, before the multiple-testing correction:
 * Kolmogorov-Smirnov with a Wasserstein (or KS) effect for continuous features, chi-squared with
 * Cramér's V for categorical ones.
 */
import { InvalidInputError } from '../errors.js';
import { chiSquaredContingency, cramersV } from './chi-squared.js';
import { type KsMethod, ksTwoSampleSorted } from './ks.js';
import { standardDeviation } from './samples.js';
import { wassersteinSorted } from './wasserstein.js';

/** Labels (one per observation) or counts per label. */
export type CategoricalSample = readonly (string | number)[] | Readonly<Record<string, number>>;

export type EffectName = 'wasserstein-sd' | 'ks-statistic' | 'cramers-v';

/** A feature's test before correction. */
export interface RawTest {
  test: 'ks' | 'chi-squared';
  statistic: number;
  pValue: number;
  effect: number;
  effectName: EffectName;
  referenceSize: number;
  recentSize: number;
  /** Chi-squared degrees of freedom. */
  dof?: number;
  /** Non-finite values left out of a continuous feature (both samples). */
  excluded?: number;
}

/** The finite values of a sample, sorted ascending, and how many were left out. */
export function finiteSorted(values: ArrayLike<number>): {
  sorted: Float64Array;
  excluded: number;
} {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return { sorted: out.subarray(0, n).sort(), excluded: values.length - n };
}

/**
 * Wasserstein-1 in units of the reference standard deviation (NumPy ddof = 0). A constant
 * reference is scaled by the pooled standard deviation instead; two equal constants give 0.
 */
export function normalisedWasserstein(reference: Float64Array, recent: Float64Array): number {
  const distance = wassersteinSorted(reference, recent);
  if (distance === 0) return 0;
  const sd = standardDeviation(reference);
  if (sd > 0) return distance / sd;
  const pooled = new Float64Array(reference.length + recent.length);
  pooled.set(reference);
  pooled.set(recent, reference.length);
  return distance / standardDeviation(pooled);
}

/** KS test of two sorted finite samples, with the chosen effect size. */
export function continuousTest(
  reference: Float64Array,
  recent: Float64Array,
  effectName: 'wasserstein-sd' | 'ks-statistic',
  method: KsMethod,
): RawTest {
  const ks = ksTwoSampleSorted(reference, recent, { method });
  const effect =
    effectName === 'ks-statistic' ? ks.statistic : normalisedWasserstein(reference, recent);
  return {
    test: 'ks',
    statistic: ks.statistic,
    pValue: ks.pValue,
    effect,
    effectName,
    referenceSize: reference.length,
    recentSize: recent.length,
  };
}

/**
 * Counts per label, from labels or from counts.
 * @throws InvalidInputError for a count that is negative or not finite (naming `what`)
 */
export function countLabels(sample: CategoricalSample, what: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (Array.isArray(sample)) {
    for (const label of sample as readonly (string | number)[]) {
      const key = String(label);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
  for (const [key, count] of Object.entries(sample as Readonly<Record<string, number>>)) {
    if (!(Number.isFinite(count) && count >= 0)) {
      throw new InvalidInputError(`${what}: the count of "${key}" must be ≥ 0, got ${count}`);
    }
    if (count > 0) counts.set(key, count);
  }
  return counts;
}

/** The number of observations counted. */
export const sumCounts = (counts: Map<string, number>): number =>
  [...counts.values()].reduce((s, v) => s + v, 0);

/**
 * Chi-squared test of the 2 × k table (reference, recent) × categories seen in either sample,
 * with Cramér's V as the effect (0 when only one category was seen).
 */
export function categoricalTest(
  reference: Map<string, number>,
  recent: Map<string, number>,
): RawTest {
  const labels = [...new Set([...reference.keys(), ...recent.keys()])].sort();
  const table = [labels.map((l) => reference.get(l) ?? 0), labels.map((l) => recent.get(l) ?? 0)];
  const result = chiSquaredContingency(table);
  return {
    test: 'chi-squared',
    statistic: result.statistic,
    pValue: result.pValue,
    effect: labels.length < 2 ? 0 : cramersV(table),
    effectName: 'cramers-v',
    referenceSize: sumCounts(reference),
    recentSize: sumCounts(recent),
    dof: result.dof,
  };
}
