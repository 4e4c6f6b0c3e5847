import { createRng } from '../random.js';

/**
 * Mean silhouette (Rousseeuw 1987, Euclidean distance) of several labelings of the same points,
 * computed on one seeded sample of at most SAMPLE_SIZE points, like scikit-learn's
 * silhouette_score(sample_size=…). The sample's distance matrix is built once and reused for
 * every labeling, so trying k = 2..10 costs one O(m²·d) pass plus O(m²) per k.
 */

const SAMPLE_SIZE = 2000;

/** Scores each labeling; a point alone in its cluster scores 0 (scikit-learn convention). */
export function meanSilhouettes(
  points: readonly (readonly number[])[],
  labelings: readonly (readonly number[])[],
  seed: number,
): number[] {
  const sample = samplePoints(points.length, seed);
  const m = sample.length;
  const dist = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    const p = points[sample[i]!]!;
    for (let j = i + 1; j < m; j++) {
      const q = points[sample[j]!]!;
      let sum = 0;
      for (let d = 0; d < p.length; d++) sum += (p[d]! - q[d]!) ** 2;
      const v = Math.sqrt(sum);
      dist[i * m + j] = v;
      dist[j * m + i] = v;
    }
  }
  return labelings.map((labels) =>
    scoreLabels(
      dist,
      sample.map((s) => labels[s]!),
    ),
  );
}

function samplePoints(n: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= SAMPLE_SIZE) return all;
  const rng = createRng(seed);
  for (let i = 0; i < SAMPLE_SIZE; i++) {
    const j = i + rng.nextInt(n - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, SAMPLE_SIZE).sort((a, b) => a - b);
}

function scoreLabels(dist: Float32Array, labels: readonly number[]): number {
  const m = labels.length;
  const k = Math.max(...labels) + 1;
  const sizes = new Float64Array(k);
  for (const l of labels) sizes[l]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    for (let j = 0; j < m; j++) sums[labels[j]!]! += dist[i * m + j]!;
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue; // s(i) = 0
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    }
    if (!Number.isFinite(b)) continue;
    const denom = Math.max(a, b);
    total += denom === 0 ? 0 : (b - a) / denom;
  }
  return total / m;
}
