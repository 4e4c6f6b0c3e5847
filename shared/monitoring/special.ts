/**
 * Special functions for the drift tests: log-gamma, the chi-squared survival function and the
 * rounding NumPy applies. Written for double precision to about 1e-13 relative, which is well
 * inside the 1e-6 the tests demand against SciPy.
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Below this, exp() underflows; Cephes' igamc returns 0 there (MAXLOG). */
const MAX_LOG = 709.782712893384;
const TINY = 1e-300;
const EPS = 2.220446049250313e-16;

/** Bernoulli terms B2k / (2k (2k − 1)), k = 1..7, of Stirling's series. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

/** Stirling series for log Γ(z) − [(z − ½) log z − z + ½ log 2π], z ≥ 15. */
function stirlingTail(z: number): number {
  const r2 = 1 / (z * z);
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) sum = sum * r2 + STIRLING[k]!;
  return sum / z;
}

/**
 * log Γ(x) for x > 0 (Stirling's series, shifted up to x ≥ 15 by the recurrence).
 * @example logGamma(5) // 3.1780538303479458 (log 24)
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let z = x;
  let product = 1;
  while (z < 15) {
    product *= z;
    z += 1;
  }
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + stirlingTail(z) - Math.log(product);
}

/** P(a, x) by its power series (converges fast for x < a + 1). */
function lowerGammaSeries(a: number, x: number, logPrefactor: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < 1_000_000; k++) {
    term *= x / (a + k);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefactor);
}

/** Q(a, x) by its continued fraction, modified Lentz (converges fast for x ≥ a + 1). */
function upperGammaFraction(a: number, x: number, logPrefactor: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1_000_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor + Math.log(h));
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0.
 * Returns 0 where the result underflows, as Cephes' igamc does.
 * @example upperRegularizedGamma(1, 2) // 0.1353352832366127 (e^-2)
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return Math.max(0, 1 - lowerGammaSeries(a, x, logPrefactor));
  if (logPrefactor < -MAX_LOG) return 0;
  return Math.min(1, upperGammaFraction(a, x, logPrefactor));
}

/**
 * Survival function of the chi-squared distribution, P(X > x) for `dof` degrees of freedom, as
 * scipy.stats.chi2.sf (= Q(dof/2, x/2)).
 * @example chiSquaredSf(3.84, 1) // 0.05004352124870519
 */
export function chiSquaredSf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return upperRegularizedGamma(dof / 2, x / 2);
}

/**
 * Rounds half to even, as numpy.round does (Math.round rounds half up).
 * @example roundHalfEven(10000.5) // 10000
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest < 0.5) return floor;
  if (rest > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * log(n! / nⁿ) for n ≥ 1, by Stirling's series without forming n log n (no cancellation).
 * @example logFactorialOverPower(1) // 0 (log 1)
 */
export function logFactorialOverPower(n: number): number {
  if (n < 15) {
    let sum = 0;
    for (let i = 1; i <= n; i++) sum += Math.log(i / n);
    return sum;
  }
  // log n! = (n + ½) log n − n + ½ log 2π + tail(n); subtract n log n by hand.
  return 0.5 * Math.log(n) - n + HALF_LOG_2PI + stirlingTail(n);
}
