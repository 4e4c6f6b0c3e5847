/**
 * Samples for the monitoring statistics tests: either inline values or a generator spec that
 * test/reference/monitoring-scipy.py expands to the identical doubles (mulberry32 draws combined
 * with +, -, × and floor only, which IEEE 754 rounds the same way in every language).
 */
import { prng } from './prng.js';

export interface GeneratedSample {
  seed: number;
  n: number;
  /**
   * uniform: loc + scale·u; irwin-hall: loc + scale·(u1 + u2 + u3 + u4 − 2), a bell-shaped
   * sum of four uniforms (sd 0.577·scale); integer: loc + floor(k·u), for ties.
   */
  dist: 'uniform' | 'irwin-hall' | 'integer';
  loc?: number;
  scale?: number;
  k?: number;
}

export type SampleSpec = readonly number[] | GeneratedSample;

/** The values a spec stands for, as a Float64Array. */
export function expandSample(spec: SampleSpec): Float64Array {
  if (Array.isArray(spec)) return Float64Array.from(spec as readonly number[]);
  const { seed, n, dist, loc = 0, scale = 1, k = 10 } = spec as GeneratedSample;
  const next = prng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (dist === 'uniform') out[i] = loc + scale * next();
    else if (dist === 'integer') out[i] = loc + Math.floor(k * next());
    else {
      const sum = next() + next() + next() + next();
      out[i] = loc + scale * (sum - 2);
    }
  }
  return out;
}

/** A short label for test names: the values, or the generator. */
export function describeSample(spec: SampleSpec): string {
  if (Array.isArray(spec)) return `[${spec.length} values]`;
  const g = spec as GeneratedSample;
  return `${g.dist}(n=${g.n}, seed=${g.seed}${g.loc ? `, loc=${g.loc}` : ''})`;
}
