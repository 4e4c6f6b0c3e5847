/**
 * The survival function of the two-sided one-sample Kolmogorov-Smirnov statistic, P(Dₙ ≥ d),
 * as scipy.stats.kstwo.sf(d, n): the method is chosen per region of (n, d) as Simard & L'Ecuyer
 * (2011, "Computing the two-sided Kolmogorov-Smirnov distribution", J. Stat. Softw. 39(11))
 * recommend and SciPy implements, so that both pick the same formula at the same point.
 */
import { durbinCdf, pelzGoodCdf } from './kolmogorov-exact.js';
import { smirnovSf } from './smirnov.js';
import { logFactorialOverPower } from './special.js';

const clip = (p: number) => Math.min(1, Math.max(0, p));

/**
 * P(Dₙ ≥ d) for the two-sided one-sample statistic of a sample of n (an integer ≥ 1).
 * Regions: Ruben-Gambino closed forms near d = 1/n and d = 1; 2 × one-sided Smirnov where the
 * two tails cannot overlap or the probability is small (n·d² ≥ 2.2); Durbin's matrix for small
 * n or small n·d^1.5; Pelz-Good otherwise.
 * @example kolmogorovSf(10, 0.274) // ≈ 0.3716
 */
export function kolmogorovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1 || Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - d) ** n);
  if (d >= 0.5) return clip(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    // Durbin's matrix stands in for Pomeranz's recursion at 0.754693 < n·d² ≤ 4: both are exact.
    if (nd2 <= 4) return clip(1 - durbinCdf(n, d));
    return clip(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d));
  if (n <= 100_000 && n * d ** 1.5 <= 1.4) return clip(1 - durbinCdf(n, d));
  return clip(1 - pelzGoodCdf(n, d));
}
