/**
 * Seeded pseudo-random numbers for the synthetic fleet. mulberry32 (Tommy Ettinger's 32-bit
 * generator) is small, fast and good enough for simulation; normals come from Box-Muller.
 * Nothing here touches Math.random: the same seed always gives the same stream.
 */

/** A seeded stream of draws. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box-Muller, caching the second value). */
  normal(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
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

/** Creates a mulberry32 stream from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  return { next, normal, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** A stream derived from a base seed and a name (e.g. `weather:40.42,-3.70`). */
export function deriveRng(seed: number, name: string): Rng {
  return createRng(hashSeed(`${seed >>> 0}:${name}`));
}

/** Picks an element with probability proportional to its weight. */
export function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let u = rng.next() * total;
  for (const [item, w] of items) {
    u -= w;
    if (u < 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new RangeError('pickWeighted needs at least one item');
  return last[0];
}
