import { type FeatureSet } from '../features/build-features.js';
import { anomalyOfRow, TEMPERATURE_ANOMALY } from '../features/weather-index.js';
import { quantileSorted } from '../models/quantile.js';
import { createRng } from '../random.js';
import { type FeatureReference } from '../registry/manifest.js';
import { type DayMix, type ReferenceSamples } from '../registry/reference-samples.js';

/** A seeded sample of feature rows (plus levelWh) kept to describe the training inputs. */
export interface ReferenceSample {
  columns: string[];
  rows: number[][];
}

/**
 * Draws up to `n` rows of a feature set (seeded, without replacement), with levelWh and the
 * temperature anomaly (TEMPERATURE_ANOMALY) appended.
 */
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
      anomalyOfRow(set.x, r),
    ]);
  return { columns: [...set.x.columns, 'levelWh', TEMPERATURE_ANOMALY], rows };
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

/** Raw values kept per continuous input in a version's reference.json, over all segments. */
export const MAX_REFERENCE_VALUES = 2000;

/**
 * The continuous inputs whose recent values monitoring compares with training (feature columns,
 * and levelWh and the temperature anomaly beside the matrix): the temperature as its anomaly
 * from the climate normal (the raw temperature and cloud cover follow the seasons, so a recent
 * week always differs from a year of training: that is not drift), the supply's level, the lags
 * and recent same-hour means that carry most of the forecast (lagWeekRel, lagLastDayRel,
 * sameHourMean7Rel, lastDayMeanRel) and how many of the last 7 days had data (historyDays: late
 * or missing metering files). Calendar columns are compared as the day mix instead; the other
 * "Rel" statistics move with these.
 */
export const WATCHED_COLUMNS: readonly string[] = [
  TEMPERATURE_ANOMALY,
  'levelWh',
  'lagWeekRel',
  'lagLastDayRel',
  'sameHourMean7Rel',
  'lastDayMeanRel',
  'historyDays',
];

/**
 * Splits `max` rows over groups in proportion to their sizes (largest remainder, ties to the
 * earlier group), so that pooled samples weigh each segment as the fleet does.
 * @example referenceQuotas([3, 1], 10) // [8, 2]
 */
export function referenceQuotas(sizes: readonly number[], max: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (max * s) / total);
  const quotas = exact.map(Math.floor);
  let left = max - quotas.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rest: e - Math.floor(e) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    quotas[i] = (quotas[i] ?? 0) + 1;
    left--;
  }
  return quotas;
}

/** The given columns of a sample (missing columns are left out), rows kept in order. */
export function selectColumns(
  sample: ReferenceSample,
  columns: readonly string[],
): ReferenceSample {
  const keep = columns
    .map((name) => ({ name, c: sample.columns.indexOf(name) }))
    .filter((k) => k.c >= 0);
  return {
    columns: keep.map((k) => k.name),
    rows: sample.rows.map((r) => keep.map((k) => r[k.c] ?? Number.NaN)),
  };
}

/** One segment's raw sample, as its training result carries it. */
export interface SegmentReference {
  segment: number;
  supplies: number;
  sample: ReferenceSample;
}

/**
 * The raw reference samples of a version: each watched column's finite values pooled over the
 * segments' samples (each already drawn to its quota), the training window's day mix and the
 * supplies per segment.
 */
export function poolReferenceSamples(input: {
  version: string;
  seed: number;
  segments: readonly SegmentReference[];
  dayMix: Record<DayMix, number>;
  window: { first: string; last: string };
  maxPerColumn?: number;
}): ReferenceSamples {
  const maxPerColumn = input.maxPerColumn ?? MAX_REFERENCE_VALUES;
  const continuous: Record<string, number[]> = {};
  for (const name of WATCHED_COLUMNS) {
    const values: number[] = [];
    for (const { sample } of input.segments) {
      const c = sample.columns.indexOf(name);
      if (c < 0) continue;
      for (const row of sample.rows) {
        const v = row[c];
        if (v !== undefined && Number.isFinite(v)) values.push(v);
      }
    }
    if (values.length > 0) continuous[name] = values.slice(0, maxPerColumn);
  }
  return {
    schemaVersion: 1,
    version: input.version,
    seed: input.seed,
    maxPerColumn,
    continuous,
    dayMix: { ...input.dayMix },
    segments: Object.fromEntries(input.segments.map((s) => [String(s.segment), s.supplies])),
    window: { ...input.window },
  };
}
