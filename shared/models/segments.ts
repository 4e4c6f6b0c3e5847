import { kmeans } from 'ml-kmeans';
import { InvalidInputError } from '../errors.js';
import { deriveSeed } from '../random.js';
import { meanSilhouettes } from './silhouette.js';

/**
 * Consumption segments: K-Means (ml-kmeans, k-means++ seeding) over normalised weekly profiles,
 * k chosen by the highest mean silhouette in [kMin, kMax] (ties go to the smaller k). Each k keeps
 * the best of N_INIT seeded restarts (lowest inertia), like scikit-learn's n_init. Segment ids
 * are ordered by size, largest first, so they are stable labels for a given seed.
 */

const N_INIT = 3;
export const WEEK_HOURS = 168;

export interface SegmentParams {
  kMin: number;
  kMax: number;
  seed: number;
  maxIterations?: number;
  /**
   * Segments with fewer profiles than this are merged into the nearest larger one (a forest
   * trained on a handful of supplies learns their noise); default 1 (no merge).
   */
  minSegmentSize?: number;
}

export interface Segmentation {
  k: number;
  centroids: number[][];
  assignments: number[];
  criterion: 'silhouette';
  scores: Array<{ k: number; score: number }>;
}

/**
 * Clusters profiles (equal-length finite vectors). k is capped by the number of distinct profiles
 * minus one; with fewer than 3 distinct profiles every profile lands in one segment (k = 1, no
 * scores). Throws InvalidInputError on empty or ragged input, non-finite values or bad k bounds.
 */
export function segmentProfiles(
  profiles: readonly (readonly number[])[],
  params: SegmentParams,
): Segmentation {
  const { kMin, kMax, seed, maxIterations = 100 } = params;
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin) {
    throw new InvalidInputError(`Need integers 2 ≤ kMin ≤ kMax, got ${kMin}..${kMax}`);
  }
  const dim = profiles[0]?.length ?? 0;
  if (dim === 0) throw new InvalidInputError('No profiles to segment');
  for (const [i, p] of profiles.entries()) {
    if (p.length !== dim || !p.every(Number.isFinite)) {
      throw new InvalidInputError(`Profile ${i} is ragged or has non-finite values`);
    }
  }
  const data = profiles.map((p) => [...p]);
  const distinct = new Set(data.map((p) => p.join(','))).size;
  const kTop = Math.min(kMax, distinct - 1);
  if (kTop < 2) return singleSegment(data);
  const fits: Array<{ k: number; clusters: number[]; centroids: number[][] }> = [];
  for (let k = Math.min(kMin, kTop); k <= kTop; k++) {
    fits.push({ k, ...bestOfRestarts(data, k, seed, maxIterations) });
  }
  const silhouettes = meanSilhouettes(
    data,
    fits.map((f) => f.clusters),
    deriveSeed(seed, 7919),
  );
  const scores = fits.map((f, i) => ({ k: f.k, score: silhouettes[i]! }));
  let best = 0;
  for (const [i, s] of scores.entries()) if (s.score > scores[best]!.score) best = i;
  const chosen = mergeSmall(data, fits[best]!, params.minSegmentSize ?? 1);
  return { ...relabelBySize(chosen.clusters, chosen.centroids), criterion: 'silhouette', scores };
}

/**
 * Reassigns the members of clusters smaller than minSize to the nearest cluster that is large
 * enough, then recomputes each centroid as its members' mean. When no cluster is large enough,
 * every profile lands in one.
 */
function mergeSmall(
  data: number[][],
  fit: { clusters: number[]; centroids: number[][] },
  minSize: number,
): { clusters: number[]; centroids: number[][] } {
  const sizes = fit.centroids.map((_, c) => fit.clusters.filter((v) => v === c).length);
  const kept = sizes.flatMap((size, c) => (size >= minSize ? [c] : []));
  if (kept.length === sizes.filter((size) => size > 0).length) return fit;
  if (kept.length === 0) {
    const one = singleSegment(data);
    return { clusters: one.assignments, centroids: one.centroids };
  }
  const keptCentroids = kept.map((c) => fit.centroids[c]!);
  const clusters = fit.clusters.map((c, i) =>
    sizes[c]! >= minSize ? c : kept[assignSegment(keptCentroids, data[i]!)]!,
  );
  const centroids = fit.centroids.map((centroid, c) => {
    const members = data.filter((_, i) => clusters[i] === c);
    if (members.length === 0) return centroid;
    return centroid.map((_, d) => members.reduce((sum, p) => sum + p[d]!, 0) / members.length);
  });
  return { clusters, centroids };
}

function bestOfRestarts(
  data: number[][],
  k: number,
  seed: number,
  maxIterations: number,
): { clusters: number[]; centroids: number[][] } {
  let best: { clusters: number[]; centroids: number[][] } | null = null;
  let bestInertia = Number.POSITIVE_INFINITY;
  for (let r = 0; r < N_INIT; r++) {
    const result = kmeans(data, k, {
      seed: deriveSeed(seed, k * N_INIT + r),
      maxIterations,
      initialization: 'kmeans++',
    });
    let inertia = 0;
    for (const [i, p] of data.entries())
      inertia += squaredDistance(p, result.centroids[result.clusters[i]!]!);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = { clusters: result.clusters, centroids: result.centroids };
    }
  }
  return best!;
}

function singleSegment(data: number[][]): Segmentation {
  const dim = data[0]!.length;
  const centroid = new Array<number>(dim).fill(0);
  for (const p of data) for (let d = 0; d < dim; d++) centroid[d]! += p[d]!;
  for (let d = 0; d < dim; d++) centroid[d]! /= data.length;
  return {
    k: 1,
    centroids: [centroid],
    assignments: data.map(() => 0),
    criterion: 'silhouette',
    scores: [],
  };
}

/** Renumbers clusters by size (largest first; ties by lower old id) and drops empty ones. */
function relabelBySize(clusters: readonly number[], centroids: readonly number[][]) {
  const sizes = centroids.map(() => 0);
  for (const c of clusters) sizes[c]!++;
  const order = sizes
    .map((size, id) => ({ size, id }))
    .filter((e) => e.size > 0)
    .sort((a, b) => b.size - a.size || a.id - b.id);
  const newId = new Map(order.map((e, i) => [e.id, i]));
  return {
    k: order.length,
    centroids: order.map((e) => [...centroids[e.id]!]),
    assignments: clusters.map((c) => newId.get(c)!),
  };
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += (a[d]! - b[d]!) ** 2;
  return sum;
}

/** Index of the nearest centroid (squared Euclidean; ties → lowest index). Throws InvalidInputError on no centroids or a dimension mismatch. */
export function assignSegment(
  centroids: readonly (readonly number[])[],
  profile: readonly number[],
): number {
  if (centroids.length === 0) throw new InvalidInputError('No centroids to assign to');
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [i, c] of centroids.entries()) {
    if (c.length !== profile.length) {
      throw new InvalidInputError(`Profile has ${profile.length} values, centroid ${c.length}`);
    }
    const d = squaredDistance(c, profile);
    if (d < bestDistance || best < 0) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

/**
 * Shape of a 168-hour week (hour 0 = Monday 00-01 local): each value divided by the mean of the
 * finite values, NaN hours imputed by the mean (so 1). A zero, negative-mean or all-NaN week has
 * no shape and returns 168 ones. Throws InvalidInputError unless there are exactly 168 values.
 * @example normaliseWeeklyProfile([2, NaN, 4, ...]) // [0.67, 1, 1.33, ...] when the mean is 3
 */
export function normaliseWeeklyProfile(hourlyWh: readonly number[]): number[] {
  if (hourlyWh.length !== WEEK_HOURS) {
    throw new InvalidInputError(
      `A weekly profile has ${WEEK_HOURS} values, got ${hourlyWh.length}`,
    );
  }
  let sum = 0;
  let n = 0;
  for (const v of hourlyWh) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  const mean = n === 0 ? 0 : sum / n;
  if (!(mean > 0)) return new Array<number>(WEEK_HOURS).fill(1);
  return hourlyWh.map((v) => (Number.isFinite(v) ? v / mean : 1));
}
