import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/errors.js';
import { createRng, deriveRng, deriveSeed, hashSeed, pickWeighted } from '../../shared/random.js';

describe('createRng: integers', () => {
  it('repeats its sequence for a seed and differs for another seed', () => {
    const a = createRng(12);
    const b = createRng(12);
    const c = createRng(13);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('draws uniform integers in range with about equal frequency', () => {
    const rng = createRng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.nextInt(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const u = Array.from({ length: 1000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });
});

describe('deriveSeed', () => {
  it('gives distinct seeds for distinct streams', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(7, i)));
    expect(seeds.size).toBe(1000);
  });
});

describe('createRng: uniforms and normals', () => {
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

describe('pickWeighted with no items', () => {
  it('throws InvalidInputError', () => {
    expect(() => pickWeighted(createRng(1), [])).toThrow(InvalidInputError);
  });
});
