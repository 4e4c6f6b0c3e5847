/** The first Wasserstein (earth mover's) distance between two one-dimensional samples. */
import { sortedSample } from './samples.js';

/**
 * W₁ = ∫ |F_a(x) − F_b(x)| dx over samples sorted ascending (checked finite), in the samples'
 * unit: the mean distance each unit of probability mass moves.
 */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let distance = 0;
  // Walk the merged values; between one value and the next both CDFs are constant.
  let current = Math.min(a[0]!, b[0]!);
  while (i < na || j < nb) {
    while (i < na && a[i]! <= current) i++;
    while (j < nb && b[j]! <= current) j++;
    if (i === na && j === nb) break;
    const next = Math.min(
      i < na ? a[i]! : Number.POSITIVE_INFINITY,
      j < nb ? b[j]! : Number.POSITIVE_INFINITY,
    );
    distance += Math.abs(i / na - j / nb) * (next - current);
    current = next;
  }
  return distance;
}

/**
 * The Wasserstein-1 distance between the empirical distributions of `a` and `b`, as
 * scipy.stats.wasserstein_distance(a, b).
 * @throws InvalidInputError for an empty sample or a non-finite value
 * @example wassersteinDistance([0, 1, 3], [5, 6, 8]) // 5
 */
export function wassersteinDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return wassersteinSorted(sortedSample(a, 'a'), sortedSample(b, 'b'));
}
