/**
 * mulberry32: a small seeded PRNG (Tommy Ettinger's 32-bit generator), so that shuffles and
 * generated samples are reproducible. test/reference/monitoring-scipy.py implements the same
 * stream bit for bit, so that SciPy can recompute the reference values on identical samples.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
