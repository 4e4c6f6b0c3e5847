import { describe, expect, it } from 'vitest';
import { createRng, deriveRng, hashSeed, pickWeighted } from '../../../shared/synth/random.js';

describe('createRng', () => {
  it('returns the same stream for the same seed and another for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);

    const drawsA = Array.from({ length: 5 }, () => a.next());
    const drawsB = Array.from({ length: 5 }, () => b.next());
    const drawsC = Array.from({ length: 5 }, () => c.next());

    expect(drawsA).toEqual(drawsB);
    expect(drawsA).not.toEqual(drawsC);
  });

  it('draws uniforms in [0, 1) and standard normals with mean 0 and sd 1', () => {
    const rng = createRng(123);
    const n = 50_000;
    let min = 1;
    let max = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;

    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean is 1/sqrt(50000) ≈ 0.0045: 0.02 is over four of them.
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(1, 1);
  });

  it('keeps int draws within both inclusive bounds', () => {
    const rng = createRng(5);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(3, 6)));

    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('deriveRng and hashSeed', () => {
  it('derives independent named streams from one seed', () => {
    expect(hashSeed('weather')).toBe(hashSeed('weather'));
    expect(hashSeed('weather')).not.toBe(hashSeed('load'));
    expect(deriveRng(1, 'a').next()).not.toBe(deriveRng(1, 'b').next());
  });
});

describe('pickWeighted', () => {
  it('never picks an item of weight zero and follows the weights', () => {
    const rng = createRng(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) {
      const item = pickWeighted(rng, [
        ['a', 1],
        ['b', 3],
        ['c', 0],
      ] as const);
      counts[item]++;
    }

    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });
});
