import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, dayRange, dayString } from '../shared/calendar/days.js';
import { regionOfProvince } from '../shared/calendar/provinces.js';
import { HOUR_MS } from '../shared/calendar/zone.js';
import {
  buildFeatures,
  type FeatureSupply,
  type FeatureTarget,
} from '../shared/features/build-features.js';
import { buildHistory } from '../shared/features/history.js';
import { DEFAULT_DATA_LATENCY_DAYS } from '../shared/features/origin.js';
import { indexWeather } from '../shared/features/weather-index.js';
import { createMatrix, type Matrix } from '../shared/models/matrix.js';
import { logRelativeTarget } from '../shared/models/segment-model.js';
import { buildFleetData, type FleetData } from '../shared/synth/fleet-data.js';
import { isoHours } from '../shared/synth/weather-lines.js';
import { forecastIssueUtc, forecastRows, observedRow } from '../shared/synth/weather-rows.js';
import { type WeatherRow } from '../shared/types.js';

/**
 * The forest benchmark's regression set is the production one: a synthetic fleet from
 * shared/synth (true hourly loads, observed weather and the 10:00 daily forecasts), turned into
 * supply histories as loadTrainingData does and into the feature matrix by buildFeatures in
 * 'train' mode (data latency D−2, forecast origin 11:00 on D−1). The target is what the segment
 * forest learns, logRelativeTarget = log(Wh / levelWh + 0.3); WAPE is scored back in Wh
 * (whFromLogRelative of the point prediction). Rows are day-major, so the held-out rows (the last days, about
 * HOLDOUT_ROWS) are strictly later in time than every training row. Written as raw little-endian
 * float32 files so the Python baseline reads the very same numbers.
 */

export const FOREST_FLEET = Object.freeze({
  supplies: 80,
  from: '2024-01-06',
  to: '2024-11-21',
  p5d: 'daily' as const,
  changes: [],
  retailer: '0762',
});
/** Days of history before the first target (as trainSegmentCore: windowStart + 8). */
const WARMUP_DAYS = 8;
export const MIN_TRAIN_ROWS = 500_000;
export const HOLDOUT_ROWS = 100_000;
/** Changes whenever the features or the split do, so a cached older matrix is rebuilt. */
const DATASET_ID = 'production-features-v1';

export interface ForestDataset {
  x: Matrix;
  /** Relative target (Wh / levelWh, clipped), what the forest fits. */
  y: Float32Array;
  levelWh: Float32Array;
  actualWh: Float32Array;
  trainRows: number;
}

interface DatasetInfo {
  trainRows: number;
  holdoutFrom: string;
  dropped: number;
}

/** Observed and forecast weather rows of every fleet location, as a store would return them. */
export function weatherRows(data: FleetData): WeatherRow[] {
  const rows: WeatherRow[] = [];
  const locations = new Map(data.fleet.map((s) => [s.location.key, s.location]));
  const lastHourEnd = data.firstHourEnd + (data.hours - 1) * HOUR_MS;
  for (const [key, loc] of locations) {
    const series = data.weather.get(key);
    if (series === undefined) continue;
    for (let h = 0; h < data.hours; h++) rows.push(observedRow(key, series, data.firstHourEnd, h));
    const iso = isoHours(series);
    for (const day of data.days) {
      const issued = forecastIssueUtc(day);
      for (const row of forecastRows(loc, series, data.options.seed, issued, iso)) {
        if (row.hourEnd <= lastHourEnd) rows.push(row);
      }
    }
  }
  return rows;
}

/** Supply histories as loadTrainingData builds them from the store's readings (-1 = not metered). */
function featureSupplies(data: FleetData): FeatureSupply[] {
  return data.fleet.map((s, i) => {
    const load = data.loads[i]!.importWh;
    const readings: { hourEnd: number; wh: number }[] = [];
    for (let h = 0; h < data.hours; h++) {
      const wh = load[h]!;
      if (wh >= 0) readings.push({ hourEnd: data.firstHourEnd + h * HOUR_MS, wh });
    }
    return {
      history: buildHistory(s.cups, readings, 'Europe/Madrid'),
      zone: s.location.zone,
      region: regionOfProvince(s.location.provinceCode),
      location: s.location.key,
    };
  });
}

/** Generates the dataset (seeded; about 5 s, ~400 MB). @throws Error when the window gives too few rows */
export function generateForestDataset(seed: number): ForestDataset & DatasetInfo {
  const data = buildFleetData({ ...FOREST_FLEET, seed }, () => {});
  const supplies = featureSupplies(data);
  const weather = indexWeather(weatherRows(data), { observedFallback: true });
  const targets: FeatureTarget[] = [];
  for (const day of dayRange(addDays(FOREST_FLEET.from, WARMUP_DAYS), FOREST_FLEET.to)) {
    for (let supply = 0; supply < supplies.length; supply++) targets.push({ supply, day });
  }
  const set = buildFeatures({
    supplies,
    targets,
    weather,
    mode: 'train',
    dataLatencyDays: DEFAULT_DATA_LATENCY_DAYS,
  });
  // Held-out rows: the whole last days whose row count is closest to HOLDOUT_ROWS.
  const n = set.x.nRows;
  let trainRows = n;
  let best = Number.POSITIVE_INFINITY;
  for (let i = n - 1; i > 0; i--) {
    if (set.dayNum[i - 1] === set.dayNum[i]) continue;
    const gap = Math.abs(n - i - HOLDOUT_ROWS);
    if (gap > best) break;
    best = gap;
    trainRows = i;
  }
  if (trainRows < MIN_TRAIN_ROWS)
    throw new Error(`forest dataset: ${trainRows} training rows, fewer than ${MIN_TRAIN_ROWS}`);
  const holdoutFrom = dayString(set.dayNum[trainRows]!);
  return {
    x: set.x,
    y: logRelativeTarget(set),
    levelWh: set.levelWh,
    actualWh: set.actualWh,
    trainRows,
    holdoutFrom,
    dropped: set.dropped,
  };
}

const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Writes forest-{x,y,level,actual}.f32 and forest-meta.json into dir, unless already there. */
export function ensureForestDataset(dir: string, seed: number): void {
  const meta = join(dir, 'forest-meta.json');
  if (existsSync(meta)) {
    const old = JSON.parse(readFileSync(meta, 'utf8')) as { dataset?: string; fleet?: unknown };
    const same = JSON.stringify(old.fleet) === JSON.stringify({ ...FOREST_FLEET, seed });
    if (old.dataset === DATASET_ID && same) return;
  }
  const d = generateForestDataset(seed);
  writeFileSync(join(dir, 'forest-x.f32'), bytesOf(d.x.data));
  writeFileSync(join(dir, 'forest-y.f32'), bytesOf(d.y));
  writeFileSync(join(dir, 'forest-level.f32'), bytesOf(d.levelWh));
  writeFileSync(join(dir, 'forest-actual.f32'), bytesOf(d.actualWh));
  const info = {
    dataset: DATASET_ID,
    nRows: d.x.nRows,
    nCols: d.x.nCols,
    columns: d.x.columns,
    trainRows: d.trainRows,
    holdoutFrom: d.holdoutFrom,
    droppedRows: d.dropped,
    fleet: { ...FOREST_FLEET, seed },
    target: 'min(24, max(0, wh / levelWh)); WAPE in Wh = clip(prediction) × levelWh vs wh',
    seed,
  };
  writeFileSync(meta, `${JSON.stringify(info)}\n`);
}

function readF32(dir: string, name: string): Float32Array {
  const bytes = readFileSync(join(dir, name));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** Reads the files written by ensureForestDataset. */
export function readForestDataset(dir: string): ForestDataset {
  const meta = JSON.parse(readFileSync(join(dir, 'forest-meta.json'), 'utf8')) as {
    nRows: number;
    columns: string[];
    trainRows: number;
  };
  const x = createMatrix(meta.columns, meta.nRows);
  x.data.set(readF32(dir, 'forest-x.f32'));
  return {
    x,
    y: readF32(dir, 'forest-y.f32'),
    levelWh: readF32(dir, 'forest-level.f32'),
    actualWh: readF32(dir, 'forest-actual.f32'),
    trainRows: meta.trainRows,
  };
}

/** Rows from..to−1 of a matrix, as a new matrix. */
export function sliceRows(x: Matrix, from: number, to: number): Matrix {
  const m = createMatrix(x.columns, to - from);
  m.data.set(x.data.subarray(from * x.nCols, to * x.nCols));
  return m;
}
