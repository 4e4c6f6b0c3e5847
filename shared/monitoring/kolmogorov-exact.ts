/**
 * Two ways to the two-sided one-sample Kolmogorov distribution P(Dₙ ≤ d) that SciPy's kstwo uses
 * where they are accurate: Durbin's matrix (Marsaglia, Tsang & Wang 2003, "Evaluating
 * Kolmogorov's distribution", J. Stat. Softw. 8(18)) and the Pelz-Good asymptotic series
 * (Pelz & Good 1976, JRSS B 38(2); as arranged by Simard & L'Ecuyer 2011).
 */

const SCALE_EXP = 128;
const SCALE = 2 ** SCALE_EXP;
const UNSCALE = 2 ** -SCALE_EXP;

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return out;
}

/** Durbin's m × m matrix for nd = k − h (m = 2k − 1). */
function durbinMatrix(k: number, h: number): Float64Array {
  const m = 2 * k - 1;
  const H = new Float64Array(m * m);
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= m; j++) inverseFactorial[j] = inverseFactorial[j - 1]! / j;
  // Interior: 1 / (i − j + 1)! on and below the superdiagonal.
  for (let i = 0; i < m; i++) {
    for (let j = 1; j < m; j++) if (i - j + 1 >= 0) H[i * m + j] = inverseFactorial[i - j + 1]!;
  }
  // First column and last row: (1 − h^(i+1)) / (i+1)!, with the corner corrected.
  const edge = new Float64Array(m);
  for (let i = 0; i < m; i++) edge[i] = (1 - h ** (i + 1)) * inverseFactorial[i + 1]!;
  edge[m - 1] = (1 - 2 * h ** m + Math.max(2 * h - 1, 0) ** m) * inverseFactorial[m]!;
  for (let i = 0; i < m; i++) {
    H[i * m] = edge[i]!;
    H[(m - 1) * m + i] = edge[m - 1 - i]!;
  }
  return H;
}

/**
 * P(Dₙ ≤ d) by Durbin's matrix: n!/nⁿ · (Hⁿ)[k−1][k−1], with binary powering and 2^128
 * rescaling so that neither the power nor the factor overflows.
 * @example durbinCdf(10, 0.274) // ≈ 0.6284 (Kolmogorov's table, n = 10)
 */
export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const m = 2 * k - 1;
  let H = durbinMatrix(k, k - nd);
  let power: Float64Array | undefined;
  let exponent = 0;
  let hExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      power = power === undefined ? H.slice() : multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[centre]!) > SCALE) {
      for (let i = 0; i < H.length; i++) H[i]! *= UNSCALE;
      hExponent += SCALE_EXP;
    }
  }
  let p = power === undefined ? 1 : power[centre]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < UNSCALE) {
      p *= SCALE;
      exponent -= SCALE_EXP;
    }
  }
  return p * 2 ** exponent;
}

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * P(Dₙ ≤ x) by the Pelz-Good expansion K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = x√n, each
 * term in the theta-function form that converges fast for small z.
 * @example pelzGoodCdf(1_000_000, 0.001) // ≈ 0.7300 (Kolmogorov's K(1) ≈ 0.7300)
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const logQ = -PI2 / 8 / z2;
  if (logQ < -708) return 0;
  const q = Math.exp(logQ);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3a = -30 * z6 - 90 * z ** 8;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  // Σ over odd m = 2k − 1 of c(m) q^(m²), evaluated Horner-wise in q^(8k).
  const sums = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m2 = (2 * k - 1) ** 2;
    const qPower = q ** (8 * k);
    const coefficients = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m2 * m2,
      k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2,
    ];
    for (let i = 0; i < 4; i++) sums[i] = sums[i]! * qPower + coefficients[i]!;
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  const terms = sums.map((s, i) => (s * q * SQRT_2PI) / divisors[i]!);
  // The extra sums over all integers k of K2 and K3.
  const q2 = Math.exp(-PI2 / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const w = k2 * q2 ** k2;
    k2Extra += w;
    k3Extra += (3 * z2 - PI2 * k2) * w;
  }
  terms[2]! += (k2Extra * PI2 * SQRT_2PI) / (-36 * z2 * z);
  terms[3]! += (k3Extra * PI2 * SQRT_2PI) / (216 * z6);
  let cdf = 0;
  for (let i = 0; i < 4; i++) cdf += terms[i]! / n ** (i / 2);
  return cdf;
}
