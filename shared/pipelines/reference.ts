import { type FeatureSet } from '../features/build-features.js';
import { quantileSorted } from '../models/quantile.js';
import { createRng } from '../random.js';
import { type FeatureReference } from '../registry/manifest.js';

/** A seeded sample of feature rows (plus levelWh) kept to describe the training inputs. */
export interface ReferenceSample {
  columns: string[];
  rows: number[][];
}

/** Draws up to `n` rows of a feature set (seeded, without replacement), with levelWh appended. */
export function sampleReference(set: FeatureSet, n: number, seed: number): ReferenceSample {
  const rng = createRng(seed);
  const idx = Array.from({ length: set.x.nRows }, (_, i) => i);
  const take = Math.min(n, idx.length);
  for (let i = 0; i < take; i++) {
    const j = i + rng.nextInt(idx.length - i);
    [idx[i], idx[j]] = [idx[j] ?? 0, idx[i] ?? 0];
  }
  const rows = idx
    .slice(0, take)
    .map((r) => [
      ...Array.from(set.x.data.subarray(r * set.x.nCols, (r + 1) * set.x.nCols)),
      set.levelWh[r] ?? Number.NaN,
    ]);
  return { columns: [...set.x.columns, 'levelWh'], rows };
}

/**
 * Per-column reference distributions of pooled samples: deciles (linear interpolation, numpy
 * default), mean, standard deviation and counts per decile bin, for drift checks later.
 */
export function describeReference(
  samples: readonly ReferenceSample[],
): Record<string, FeatureReference> {
  const columns = samples[0]?.columns ?? [];
  const out: Record<string, FeatureReference> = {};
  for (const [c, name] of columns.entries()) {
    const values = samples
      .flatMap((s) => s.rows.map((r) => r[c] ?? Number.NaN))
      .filter(Number.isFinite);
    values.sort((a, b) => a - b);
    if (values.length === 0) continue;
    const quantiles = Array.from({ length: 11 }, (_, q) => quantileSorted(values, q / 10));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const counts = new Array<number>(10).fill(0);
    for (const v of values) {
      let bin = quantiles.findIndex((edge, i) => i > 0 && v <= edge) - 1;
      if (bin < 0) bin = 0;
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    out[name] = { quantiles, mean, std, counts };
  }
  return out;
}
