/** Sample preparation shared by the two-sample statistics: validation and sorting. */
import { InvalidInputError } from '../errors.js';

/**
 * A sorted copy of `values` as a Float64Array.
 * @throws InvalidInputError when the sample is empty or holds a non-finite value (naming which)
 */
export function sortedSample(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) throw new InvalidInputError(`Sample ${name} is empty`);
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) {
      throw new InvalidInputError(`Sample ${name} has a non-finite value at index ${i}`, {
        details: { sample: name, index: i, value: String(out[i]) },
      });
    }
  }
  return out.sort();
}

/**
 * Population standard deviation (divisor n, NumPy's default ddof = 0), two-pass for accuracy.
 * @example standardDeviation([1, 2, 3, 4]) // 1.118033988749895
 */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / n);
}
