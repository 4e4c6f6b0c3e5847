import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import {
  assignSegment,
  normaliseWeeklyProfile,
  segmentProfiles,
} from '../../../shared/models/segments.js';
import { createRng } from '../../../shared/random.js';

/** n noisy copies of each centre (σ = 0.05), interleaved, seeded. */
function clusteredProfiles(centres: number[][], perCluster: number, seed: number) {
  const rng = createRng(seed);
  const profiles: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < perCluster; i++) {
    for (const [c, centre] of centres.entries()) {
      profiles.push(centre.map((v) => v + 0.1 * (rng.next() - 0.5)));
      truth.push(c);
    }
  }
  return { profiles, truth };
}

function randomCentres(k: number, dim: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: k }, () => Array.from({ length: dim }, () => 4 * rng.next()));
}

describe('segmentProfiles', () => {
  it.each([2, 3, 5])('picks k = %i on well-separated clusters and recovers them', (k) => {
    // Prepare
    const { profiles, truth } = clusteredProfiles(randomCentres(k, 24, k), 30, 100 + k);

    // Act
    const seg = segmentProfiles(profiles, { kMin: 2, kMax: 7, seed: 1 });

    // Assess: same partition as the truth (labels may be permuted)
    expect(seg.k).toBe(k);
    expect(seg.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7]);
    const pairs = new Set(truth.map((t, i) => `${t}-${seg.assignments[i]}`));
    expect(pairs.size).toBe(k);
  });

  it('is reproducible for a seed', () => {
    const { profiles } = clusteredProfiles(randomCentres(4, 12, 9), 20, 9);
    const a = segmentProfiles(profiles, { kMin: 2, kMax: 6, seed: 5 });
    const b = segmentProfiles(profiles, { kMin: 2, kMax: 6, seed: 5 });
    expect(b).toEqual(a);
  });

  it('numbers segments by size, largest first', () => {
    const centres = randomCentres(3, 8, 3);
    const { profiles } = clusteredProfiles(centres, 10, 3);
    const extra = clusteredProfiles([centres[2]!], 20, 4).profiles;
    const seg = segmentProfiles([...profiles, ...extra], { kMin: 3, kMax: 3, seed: 1 });
    const sizes = [0, 1, 2].map((c) => seg.assignments.filter((a) => a === c).length);
    expect(sizes).toEqual([30, 10, 10]);
  });

  it('puts every profile in one segment when all are flat', () => {
    const flat = Array.from({ length: 10 }, () => normaliseWeeklyProfile(new Array(168).fill(0)));
    const seg = segmentProfiles(flat, { kMin: 2, kMax: 5, seed: 1 });
    expect(seg).toMatchObject({ k: 1, scores: [] });
    expect(seg.assignments.every((a) => a === 0)).toBe(true);
    expect(seg.centroids[0]!.every((v) => v === 1)).toBe(true);
  });

  it.each([
    ['no profiles', [], { kMin: 2, kMax: 3, seed: 1 }],
    ['ragged profiles', [[1, 2], [1]], { kMin: 2, kMax: 3, seed: 1 }],
    ['NaN values', [[1, Number.NaN]], { kMin: 2, kMax: 3, seed: 1 }],
    ['kMin below 2', [[1], [2]], { kMin: 1, kMax: 3, seed: 1 }],
  ])('throws InvalidInputError on %s', (_, profiles, params) => {
    expect(() => segmentProfiles(profiles, params)).toThrow(InvalidInputError);
  });
});

describe('assignSegment', () => {
  it('returns the nearest centroid, the first one on ties', () => {
    const centroids = [
      [0, 0],
      [2, 2],
      [2, 2],
    ];
    expect(assignSegment(centroids, [0.4, 0.2])).toBe(0);
    expect(assignSegment(centroids, [1.9, 2.5])).toBe(1);
  });

  it('throws InvalidInputError on a dimension mismatch or no centroids', () => {
    expect(() => assignSegment([[0, 0]], [1])).toThrow(InvalidInputError);
    expect(() => assignSegment([], [1])).toThrow(InvalidInputError);
  });
});

describe('normaliseWeeklyProfile', () => {
  it('divides by the mean and imputes NaN hours with the mean', () => {
    // Prepare: hours alternate 2 and 4 (mean 3), hour 5 missing
    const week: number[] = Array.from({ length: 168 }, (_, h) => (h % 2 === 0 ? 2 : 4));
    week[5] = Number.NaN;

    // Act
    const shape = normaliseWeeklyProfile(week);

    // Assess: mean of the 167 known values = (84 × 2 + 83 × 4) / 167
    const mean = (84 * 2 + 83 * 4) / 167;
    expect(shape[0]).toBeCloseTo(2 / mean, 12);
    expect(shape[1]).toBeCloseTo(4 / mean, 12);
    expect(shape[5]).toBe(1);
  });

  it.each([
    ['all zero', new Array(168).fill(0)],
    ['all NaN', new Array(168).fill(Number.NaN)],
  ])('returns a flat shape of ones for an %s week', (_, week) => {
    expect(normaliseWeeklyProfile(week)).toEqual(new Array(168).fill(1));
  });

  it('keeps a flat non-zero week flat', () => {
    expect(normaliseWeeklyProfile(new Array(168).fill(250))).toEqual(new Array(168).fill(1));
  });

  it('throws InvalidInputError unless given 168 values', () => {
    expect(() => normaliseWeeklyProfile([1, 2, 3])).toThrow(InvalidInputError);
  });
});
