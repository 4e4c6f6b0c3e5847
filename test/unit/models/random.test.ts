import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../shared/models/random.js';

describe('createRng', () => {
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
