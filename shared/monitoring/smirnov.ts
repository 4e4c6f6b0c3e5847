/**
 * The one-sided Kolmogorov-Smirnov (Smirnov) survival function P(D⁺ₙ ≥ x), as
 * scipy.special.smirnov: the Birnbaum-Tingey / Smirnov sum, with the same special cases and the
 * same large-n approximation. Terms are summed in log space with a running scale, so tiny
 * probabilities keep their relative precision instead of underflowing term by term.
 */

const EPS = 2.220446049250313e-16;
/** Cephes MINLOG, log(2^-1075): exp() of anything below is 0 even as a subnormal. */
const MIN_LOG = -745.1332191019412;
/** SciPy sums exactly up to this n; above it uses an approximation. */
const MAX_EXACT_N = 1_000_000;

/** Kahan-compensated running sum, for log C(n, v) over up to 10⁶ increments. */
function compensated() {
  let sum = 0;
  let carry = 0;
  return {
    add(x: number) {
      const y = x - carry;
      const t = sum + y;
      carry = t - sum - y;
      sum = t;
    },
    value: () => sum,
  };
}

/**
 * x · Σ_{v=0}^{last} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v): every term positive. Stops
 * early, as SciPy does, once the remaining terms cannot move the sum by an ulp.
 */
function birnbaumTingeySum(n: number, x: number, last: number): number {
  const logC = compensated();
  let scale = Number.NEGATIVE_INFINITY; // log of the running scale
  let scaled = 0; // Σ exp(log term − scale)
  const terms = last + 1;
  for (let v = 0; v < terms; v++) {
    if (v > 0) logC.add(Math.log((n - v + 1) / v));
    const upper = (n - v) / n - x;
    const logTerm =
      logC.value() + (v - 1) * Math.log(x + v / n) + (n - v) * Math.log(upper) + Math.log(x);
    if (logTerm > scale) {
      scaled = scaled * Math.exp(scale - logTerm) + 1;
      scale = logTerm;
    } else {
      const term = Math.exp(logTerm - scale);
      scaled += term;
      if (term !== 0) {
        if (4 * (terms - v) * term < EPS * scaled && v !== terms - 1) break;
      } else if (v > n / 2) break;
    }
  }
  return Math.exp(scale + Math.log(scaled));
}

/**
 * P(D⁺ₙ ≥ x), the one-sided Kolmogorov-Smirnov survival function for a sample of n, as
 * scipy.special.smirnov(n, x).
 * @example smirnovSf(10, 0.5) // 0.004
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let floorNx = Math.floor(nx);
  let alpha = nx - floorNx;
  if (alpha === 1) {
    floorNx += 1;
    alpha = 0;
  }
  // x ≤ 1/n: a closed form.
  if (floorNx === 0 || (floorNx === 1 && alpha === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  // x ≥ 1 − 1/n: only the first term is left.
  if (floorNx >= n - 1) return (1 - x) ** n;
  if (n > MAX_EXACT_N) {
    // p ≈ exp(−(6nx + 1)² / 18n), SciPy's choice for huge n.
    const logP = -((6 * n * x + 1) ** 2) / 18 / n;
    return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP);
  }
  // The last index with 1 − x − v/n > 0 (the zero term at alpha = 0 is left out).
  const last = n - floorNx - 1;
  return Math.min(1, Math.max(0, birnbaumTingeySum(n, x, last)));
}
