import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMatrix, type Matrix } from '../shared/models/matrix.js';
import { createRng, type Rng } from '../shared/models/random.js';

/**
 * A synthetic, realistic regression set for the forest benchmark: hourly Wh of a fleet of supplies
 * over ~2 years, with the production feature set (calendar, weather, latency-respecting lags,
 * supply level). Rows are day-major, so the last HOLDOUT_ROWS rows are the most recent days.
 * Written as raw little-endian float32 files so the Python baseline reads the very same numbers.
 */

export const FOREST_COLUMNS = [
  'localHour',
  'weekday',
  'holiday',
  'doySin',
  'doyCos',
  'temperatureC',
  'humidityPct',
  'cloudPct',
  'windMs',
  'radiationWm2',
  'lagSameHour7dWh',
  'lagSameHourLastDayWh',
  'meanSameHour7dWh',
  'recentDailyMeanWh',
  'supplyLevelWh',
  'temperatureMaxC',
  'temperatureLag24hC',
  'weekend',
  'heatingDegreeC',
  'tariffPeriod',
] as const;

const SUPPLIES = 30;
const DAYS = 695; // 30 × 695 × 24 = 500,400 rows
export const HOLDOUT_ROWS = 100_000;
const HOLIDAYS = new Set(['1-1', '1-6', '5-1', '8-15', '10-12', '11-1', '12-6', '12-8', '12-25']);

export interface ForestDataset {
  x: Matrix;
  y: Float32Array;
  trainRows: number;
}

function gauss(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Generates the dataset (seeded; about 3 s). */
export function generateForestDataset(seed: number): ForestDataset {
  const rng = createRng(seed);
  const nRows = SUPPLIES * DAYS * 24;
  const nCols = FOREST_COLUMNS.length;
  const x = createMatrix(FOREST_COLUMNS, nRows);
  const y = new Float32Array(nRows);
  const supplies = Array.from({ length: SUPPLIES }, (_, s) => ({
    level: 150 * Math.exp(1.2 * gauss(rng)) + 80,
    kind: s % 3, // 0 residential, 1 commercial, 2 residential with PV
    heat: 0.02 + 0.03 * rng.next(),
    cool: 0.03 + 0.05 * rng.next(),
    pv: s % 3 === 2 ? 0.6 + 0.6 * rng.next() : 0,
    drift: 1,
  }));
  const wh = new Float64Array(SUPPLIES * DAYS * 24); // [s][d][h]
  let cloud = 0.4;
  let tempAnomaly = 0;
  const weather = new Float64Array(DAYS * 24 * 5);
  for (let d = 0; d < DAYS; d++) {
    tempAnomaly = 0.8 * tempAnomaly + 1.5 * gauss(rng);
    for (let h = 0; h < 24; h++) {
      const doy = (d % 365) / 365;
      const t =
        16 -
        8 * Math.cos(2 * Math.PI * doy) +
        tempAnomaly -
        5 * Math.cos((2 * Math.PI * (h - 3)) / 24);
      cloud = Math.min(1, Math.max(0, 0.95 * cloud + 0.08 * gauss(rng) + 0.02));
      const elevation =
        Math.sin((Math.PI * (h - 6)) / 14) * (0.7 - 0.3 * Math.cos(2 * Math.PI * doy));
      const radiation = Math.max(0, 1000 * elevation * (1 - 0.75 * cloud));
      const w = (d * 24 + h) * 5;
      weather[w] = t;
      weather[w + 1] = Math.min(100, Math.max(10, 85 - 1.5 * t + 20 * cloud + 5 * gauss(rng)));
      weather[w + 2] = 100 * cloud;
      weather[w + 3] = Math.max(0, 4 + 2 * gauss(rng) + 3 * cloud);
      weather[w + 4] = radiation;
    }
  }
  const start = Date.UTC(2024, 0, 1);
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(start + d * 86_400_000);
    const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
    const holiday = HOLIDAYS.has(`${date.getUTCMonth() + 1}-${date.getUTCDate()}`) ? 1 : 0;
    const offDay = weekday >= 5 || holiday === 1;
    for (const [s, sup] of supplies.entries()) {
      sup.drift = Math.min(1.6, Math.max(0.5, sup.drift * Math.exp(0.01 * gauss(rng))));
      for (let h = 0; h < 24; h++) {
        const w = (d * 24 + h) * 5;
        const t = weather[w]!;
        const shape =
          sup.kind === 1
            ? offDay
              ? 0.35
              : h >= 8 && h < 19
                ? 1.8
                : 0.4
            : 0.5 +
              0.6 * Math.exp(-((h - 21) ** 2) / 6) +
              0.3 * Math.exp(-((h - 8) ** 2) / 3) +
              (offDay ? 0.2 : 0);
        const thermal = 1 + sup.heat * Math.max(0, 15 - t) + sup.cool * Math.max(0, t - 24) ** 1.3;
        const noise = Math.exp(0.15 * gauss(rng));
        const pv = sup.pv * sup.level * (weather[w + 4]! / 1000);
        wh[(s * DAYS + d) * 24 + h] = Math.max(
          0,
          sup.level * sup.drift * shape * thermal * noise - pv,
        );
      }
    }
  }
  let row = 0;
  const daily = (s: number, d: number) => {
    let sum = 0;
    for (let h = 0; h < 24; h++) sum += wh[(s * DAYS + d) * 24 + h]!;
    return sum / 24;
  };
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(start + d * 86_400_000);
    const weekday = (date.getUTCDay() + 6) % 7;
    const holiday = HOLIDAYS.has(`${date.getUTCMonth() + 1}-${date.getUTCDate()}`) ? 1 : 0;
    const doy = (2 * Math.PI * (d % 365)) / 365;
    let tMax = Number.NEGATIVE_INFINITY;
    for (let h = 0; h < 24; h++) tMax = Math.max(tMax, weather[(d * 24 + h) * 5]!);
    for (let s = 0; s < SUPPLIES; s++) {
      const recent = d >= 2 ? daily(s, d - 2) : Number.NaN;
      let level = Number.NaN;
      if (d >= 9) {
        let sum = 0;
        const from = Math.max(2, d - 29);
        for (let k = from; k <= d - 2; k++) sum += daily(s, k);
        level = sum / (d - 1 - from);
      }
      for (let h = 0; h < 24; h++) {
        const w = (d * 24 + h) * 5;
        const at = (dd: number) => (dd >= 0 ? wh[(s * DAYS + dd) * 24 + h]! : Number.NaN);
        let mean7 = 0;
        for (let k = 2; k <= 8; k++) mean7 += at(d - k);
        const missingWeather = rng.next() < 0.01;
        const v = [
          h,
          weekday,
          holiday,
          Math.sin(doy),
          Math.cos(doy),
          missingWeather ? Number.NaN : weather[w]!,
          weather[w + 1]!,
          weather[w + 2]!,
          weather[w + 3]!,
          weather[w + 4]!,
          at(d - 7),
          at(d - 2),
          mean7 / 7,
          recent,
          level,
          tMax,
          d >= 1 ? weather[w - 24 * 5]! : Number.NaN,
          weekday >= 5 ? 1 : 0,
          Math.max(0, 15 - weather[w]!),
          weekday >= 5 || holiday
            ? 3
            : h >= 10 && h < 14
              ? 1
              : h >= 18 && h < 22
                ? 1
                : h >= 8
                  ? 2
                  : 3,
        ];
        x.data.set(v, row * nCols);
        y[row] = wh[(s * DAYS + d) * 24 + h]!;
        row++;
      }
    }
  }
  return { x, y, trainRows: nRows - HOLDOUT_ROWS };
}

/** Writes forest-x.f32, forest-y.f32 and forest-meta.json into dir, unless already there. */
export function ensureForestDataset(dir: string, seed: number): void {
  const meta = join(dir, 'forest-meta.json');
  if (existsSync(meta)) return;
  const { x, y, trainRows } = generateForestDataset(seed);
  writeFileSync(join(dir, 'forest-x.f32'), new Uint8Array(x.data.buffer));
  writeFileSync(join(dir, 'forest-y.f32'), new Uint8Array(y.buffer));
  const info = { nRows: x.nRows, nCols: x.nCols, columns: x.columns, trainRows, seed };
  writeFileSync(meta, `${JSON.stringify(info)}\n`);
}

/** Reads the files written by ensureForestDataset. */
export function readForestDataset(dir: string): ForestDataset {
  const meta = JSON.parse(readFileSync(join(dir, 'forest-meta.json'), 'utf8')) as {
    nRows: number;
    nCols: number;
    columns: string[];
    trainRows: number;
  };
  const xBytes = readFileSync(join(dir, 'forest-x.f32'));
  const yBytes = readFileSync(join(dir, 'forest-y.f32'));
  const x = createMatrix(meta.columns, meta.nRows);
  x.data.set(
    new Float32Array(xBytes.buffer.slice(xBytes.byteOffset, xBytes.byteOffset + xBytes.length)),
  );
  const y = new Float32Array(
    yBytes.buffer.slice(yBytes.byteOffset, yBytes.byteOffset + yBytes.length),
  );
  return { x, y, trainRows: meta.trainRows };
}

/** The first n rows (or the rows from n on) of a matrix, as a new matrix. */
export function sliceRows(x: Matrix, from: number, to: number): Matrix {
  const m = createMatrix(x.columns, to - from);
  m.data.set(x.data.subarray(from * x.nCols, to * x.nCols));
  return m;
}
