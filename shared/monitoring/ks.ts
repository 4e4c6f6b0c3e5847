/**
 * The two-sided two-sample Kolmogorov-Smirnov test, as scipy.stats.ks_2samp (SciPy 1.17): same
 * statistic (ties handled by evaluating both empirical CDFs after every tied value), same choice
 * of method, same exact and asymptotic p-values.
 */
import { InvalidInputError } from '../errors.js';
import { kolmogorovSf } from './kolmogorov.js';
import { equalSizesPValue, unequalSizesPValue } from './ks-exact.js';
import { sortedSample } from './samples.js';
import { roundHalfEven } from './special.js';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsOptions {
  /** 'auto' (default): exact when both samples have at most 10,000 values, else asymptotic. */
  method?: KsMethod;
}

export interface KsResult {
  /** D = sup |F_a − F_b| (in exact mode rounded to a multiple of 1/lcm(n_a, n_b), as SciPy). */
  statistic: number;
  pValue: number;
  /** The method that produced the p-value ('exact' falls back to 'asymp' as SciPy does). */
  method: 'exact' | 'asymp';
}

/** SciPy's MAX_AUTO_N: 'auto' is exact up to this sample size. */
const MAX_AUTO_N = 10_000;
const INT32_MAX = 2_147_483_647;

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * D = max over all observed values v of |F_a(v) − F_b(v)|, both samples sorted ascending; each
 * CDF is evaluated after all values equal to v (searchsorted 'right').
 */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < na && j < nb) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < na && a[i]! <= v) i++;
    while (j < nb && b[j]! <= v) j++;
    const diff = Math.abs(i / na - j / nb);
    if (diff > d) d = diff;
  }
  // Once one sample is used up the difference only shrinks towards 0.
  return d;
}

function exactPValue(na: number, nb: number, g: number, d: number) {
  const lcm = (na / g) * nb;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const pValue = na === nb ? equalSizesPValue(na, h) : unequalSizesPValue(na, nb, g, h);
  return { statistic, pValue };
}

/** SciPy's asymptotic mode: the one-sample distribution at n = round(na·nb / (na + nb)). */
function asymptoticPValue(na: number, nb: number, d: number): number {
  const [m, n] = na >= nb ? [na, nb] : [nb, na];
  return kolmogorovSf(roundHalfEven((m * n) / (m + n)), d);
}

/**
 * Two-sided two-sample Kolmogorov-Smirnov test of `a` against `b`; returns the statistic and
 * p-value scipy.stats.ks_2samp(a, b, method=…) returns. The exact p-value is used when asked
 * (unless lcm(n_a, n_b) would overflow 32 bits, where SciPy switches to asymp) or under 'auto'
 * when both sizes are ≤ 10,000; a failed exact computation falls back to asymp, as in SciPy.
 * Sorting dominates: O(n log n).
 * @throws InvalidInputError for an empty sample, a non-finite value or an unknown method
 * @example ksTwoSample([1, 2, 3], [4, 5, 6]) // { statistic: 1, pValue: 0.1, method: 'exact' }
 */
export function ksTwoSample(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: KsOptions = {},
): KsResult {
  return ksTwoSampleSorted(sortedSample(a, 'a'), sortedSample(b, 'b'), options);
}

/** ksTwoSample over samples already sorted ascending and checked finite (no copy). */
export function ksTwoSampleSorted(
  a: Float64Array,
  b: Float64Array,
  options: KsOptions = {},
): KsResult {
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'exact' && method !== 'asymp') {
    throw new InvalidInputError(`Unknown KS method "${String(method)}": use auto, exact or asymp`);
  }
  const na = a.length;
  const nb = b.length;
  const d = ksStatisticSorted(a, b);
  const g = gcd(na, nb);
  const exact =
    method === 'auto'
      ? Math.max(na, nb) <= MAX_AUTO_N
      : method === 'exact' && na / g < INT32_MAX / (nb / g);
  if (!exact) return { statistic: d, pValue: asymptoticPValue(na, nb, d), method: 'asymp' };
  const { statistic, pValue } = exactPValue(na, nb, g, d);
  if (pValue >= 0 && pValue <= 1) return { statistic, pValue, method: 'exact' };
  return { statistic, pValue: asymptoticPValue(na, nb, statistic), method: 'asymp' };
}
