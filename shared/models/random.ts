/**
 * Seeded pseudo-random numbers for the model kernels: xoshiro128** (Blackman & Vigna, 2018), its
 * 128-bit state filled from the seed by SplitMix32-style hashing. Small, fast and reproducible on
 * every platform; not for cryptography.
 */

/** A seeded generator: `next()` is uniform in [0, 1), `nextInt(n)` uniform in 0..n-1. */
export interface Rng {
  next(): number;
  nextInt(n: number): number;
  nextUint32(): number;
}

function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Creates a generator from an integer seed (any 32-bit value; other numbers are truncated).
 * @example createRng(1).next() // the same number on every run
 */
export function createRng(seed: number): Rng {
  const init = { s: seed | 0 };
  let a = splitMix32(init);
  let b = splitMix32(init);
  let c = splitMix32(init);
  let d = splitMix32(init);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 4294967296,
    nextInt: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Derives an independent seed for a sub-stream (tree i, restart j) from a base seed. */
export function deriveSeed(seed: number, stream: number): number {
  const state = { s: (seed ^ Math.imul(stream + 1, 0x27d4eb2f)) | 0 };
  return splitMix32(state);
}
