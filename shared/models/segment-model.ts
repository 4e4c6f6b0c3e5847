import { type FeatureSet, type FeatureTarget } from '../features/build-features.js';
import { createRng } from '../random.js';
import { type ModelForecast } from './backtest.js';
import { type Forest, type ForestParams, fitForest, predictForest } from './forest.js';

/**
 * The per-segment regressor around the forest: it learns wh / levelWh (so supplies of any size
 * share one forest) clipped to [0, MAX_RELATIVE], and scales predictions back by the row's level.
 */

/** Largest target ratio learnt or predicted: one hour at 24× the mean hour is a whole day's energy. */
export const MAX_RELATIVE = 24;

/**
 * Picks (supply, day) training targets: all of them when they fit in maxRows (at 24 rows a day),
 * else a seeded uniform sample without replacement, in a stable order.
 * @example sampleTargets(2, ['2024-01-01'], 1000, 1) // both supplies on that day
 */
export function sampleTargets(
  nSupplies: number,
  days: readonly string[],
  maxRows: number,
  seed: number,
): FeatureTarget[] {
  const all: FeatureTarget[] = [];
  for (let supply = 0; supply < nSupplies; supply++) {
    for (const day of days) all.push({ supply, day });
  }
  const keep = Math.max(1, Math.floor(maxRows / 24));
  if (all.length <= keep) return all;
  const rng = createRng(seed);
  const idx = Array.from(all.keys());
  for (let i = 0; i < keep; i++) {
    const j = i + rng.nextInt(idx.length - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, keep)
    .sort((a, b) => a - b)
    .map((i) => all[i]!);
}

/** wh / level per row, clipped to [0, MAX_RELATIVE]. */
export function relativeTarget(set: FeatureSet): Float32Array {
  return Float32Array.from(set.actualWh, (a, i) =>
    Math.min(MAX_RELATIVE, Math.max(0, a / set.levelWh[i]!)),
  );
}

/** Fits the segment forest on labelled rows. @throws InvalidInputError (fitForest) on no rows. */
export function fitSegmentForest(set: FeatureSet, params: Partial<ForestParams>): Forest {
  return fitForest(set.x, relativeTarget(set), params);
}

/** Predicts Wh (mean, p10, p90) for every row, never negative. @throws InvalidInputError on mismatching columns. */
export function predictSegment(forest: Forest, set: FeatureSet): ModelForecast {
  const raw = predictForest(forest, set.x);
  const scale = (values: Float32Array) =>
    Float32Array.from(values, (v, i) => Math.max(0, Math.min(MAX_RELATIVE, v)) * set.levelWh[i]!);
  return { mean: scale(raw.mean), p10: scale(raw.p10), p90: scale(raw.p90) };
}
