/**
 * Exact null distribution of the two-sided two-sample Kolmogorov-Smirnov statistic, by counting
 * lattice paths from (0, 0) to (m, n) (Hodges 1958, "The significance probability of the Smirnov
 * two-sample test", Ark. Mat. 3(43)), as scipy.stats.ks_2samp does in its exact mode.
 */

/**
 * P(D ≥ h/n) for two samples of equal size n, by the alternating reflection sum
 * 2 Σ (−1)^(k+1) C(2n, n − kh) / C(2n, n), evaluated Horner-wise with each ratio formed as a
 * product of h factors, so that nothing overflows and little cancels.
 * @example equalSizesPValue(5, 5) // 0.007936507936507936 (2 / C(10, 5))
 */
export function equalSizesPValue(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h/lcm(m, n)) for sizes m and n with gcd g: the share of monotone lattice paths that leave
 * the band |x/m − y/n| < h/lcm at least once. The recursion carries 1 − (share inside) column by
 * column, each column normalised by its binomial total (Viehmann 2021, arXiv:2102.08037), so that
 * no value grows beyond 1 and the tail keeps its relative precision.
 * @example unequalSizesPValue(5, 7, 1, 35) // the smallest p: 2 / C(12, 5) when D = 1
 */
export function unequalSizesPValue(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  // A[j − lo] for j in the current band [lo, hi) of column i: the normalised count of paths
  // from (0, 0) to (i, j) that left the band (cells outside the band count as 1: all left it).
  let lo = 0;
  let hi = Math.min(Math.ceil(h / mg), n + 1);
  const A = new Float64Array(n + 2).fill(1);
  A.fill(0, lo, hi);
  for (let i = 1; i <= m; i++) {
    const lastLo = lo;
    const lastLength = hi - lo;
    lo = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    hi = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (hi <= lo) return 1;
    let below = lo === 0 ? 0 : 1;
    for (let j = lo; j < hi; j++) {
      // Weighted by the binomial shares of arriving from the left (i) or from below (j).
      below = (A[j - lastLo]! * i + below * j) / (i + j);
      A[j - lo] = below;
    }
    const length = hi - lo;
    if (lastLength > length) A.fill(1, length, lastLength);
  }
  return A[hi - lo - 1]!;
}
