import { InvalidInputError } from './errors.js';

/**
 * The one seeded pseudo-random generator, for the model kernels and the synthetic fleet alike:
 * xoshiro128** (Blackman & Vigna, 2018), its 128-bit state filled from the seed by SplitMix32-
 * style hashing; normals by Box-Muller. Small, fast and reproducible on every platform; not for
 * cryptography. Nothing here touches Math.random: the same seed always gives the same stream.
 */

/** A seeded stream of draws. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in 0..n-1. */
  nextInt(n: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Standard normal N(0, 1) (Box-Muller, caching the second value). */
  normal(): number;
}

function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Creates a generator from an integer seed (any 32-bit value, signed or not; other numbers are
 * truncated).
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
  const next = () => nextUint32() / 4294967296;
  const nextInt = (n: number) => Math.floor(next() * n);
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - next(); // (0, 1]: log stays finite
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, nextUint32, nextInt, int: (min, max) => min + nextInt(max - min + 1), normal };
}

/** Derives an independent seed for a numbered sub-stream (tree i, restart j) from a base seed. */
export function deriveSeed(seed: number, stream: number): number {
  const state = { s: (seed ^ Math.imul(stream + 1, 0x27d4eb2f)) | 0 };
  return splitMix32(state);
}

/**
 * Hashes a string into a 32-bit seed (FNV-1a), so that streams can be derived by name.
 * @example hashSeed('weather') // a stable 32-bit unsigned integer
 */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream derived from a base seed and a name (e.g. `weather:40.42,-3.70`). */
export function deriveRng(seed: number, name: string): Rng {
  return createRng(hashSeed(`${seed >>> 0}:${name}`));
}

/**
 * Picks an element with probability proportional to its weight.
 * @throws InvalidInputError when there is no item
 */
export function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let u = rng.next() * total;
  for (const [item, w] of items) {
    u -= w;
    if (u < 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new InvalidInputError('pickWeighted needs at least one item');
  return last[0];
}
