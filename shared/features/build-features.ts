import { dayNumber, dayString, weekdayOf } from '../calendar/days.js';
import { isBridgeDay, isHoliday } from '../calendar/holidays.js';
import { type Region } from '../calendar/provinces.js';
import {
  HOUR_MS,
  localDayBoundsUtc,
  MARKET_ZONE,
  toLocalFields,
  type Zone,
} from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { createMatrix, type Matrix } from '../models/matrix.js';
import { FEATURE_NAMES } from './feature-specs.js';
import { localSlotOf, type SupplyHistory, slotAt, whAt } from './history.js';
import { DEFAULT_DATA_LATENCY_DAYS, forecastOriginUtc, lastVisibleDay } from './origin.js';
import { climateNormalC, type WeatherLookup } from './weather-index.js';

/** A supply as the features see it. */
export interface FeatureSupply {
  history: SupplyHistory;
  /** The supply's own zone (its local hour feature). */
  zone: Zone;
  region: Region | null;
  /** Weather location key, or null (weather then imputed). */
  location: string | null;
}

/** One forecast target: every hour of one local day of one supply. */
export interface FeatureTarget {
  /** Index into `supplies`. */
  supply: number;
  /** Target local day, YYYY-MM-DD (market zone). */
  day: string;
}

export interface FeatureInput {
  supplies: readonly FeatureSupply[];
  targets: readonly FeatureTarget[];
  weather: WeatherLookup;
  /** 'train' drops rows without a label or level; 'predict' keeps and imputes every row. */
  mode: 'train' | 'predict';
  /** Last visible day = target − this (default 2: P5D of D−2 is the newest at the origin). */
  dataLatencyDays?: number;
  /** Zone of the market day and the forecast origin (default Europe/Madrid). */
  marketZone?: Zone;
  /** Prediction fallback level (Wh/h) for a supply with no visible readings in 28 days. */
  defaultLevelWh?: number;
}

/** A feature matrix and, per row, who and when it is for. */
export interface FeatureSet {
  x: Matrix;
  supply: Int32Array;
  hourEnd: Float64Array;
  /** Target day number (local) of each row. */
  dayNum: Int32Array;
  levelWh: Float32Array;
  /** Observed Wh at the target hour, NaN when unknown (always known in 'train' mode). */
  actualWh: Float32Array;
  /** Training rows dropped for a missing label or level. */
  dropped: number;
}

const COL = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i])) as Record<string, number>;
const LEVEL_FLOOR_WH = 1;

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Mean of one slot hour over the given days, ignoring missing ones; NaN when all are missing. */
function meanOfSlots(history: SupplyHistory, days: readonly number[], hour: number): number {
  let sum = 0;
  let count = 0;
  for (const day of days) {
    const wh = slotAt(history, day, hour);
    if (!Number.isNaN(wh)) {
      sum += wh;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** Mean of every visible slot of days last−n+1..last, or NaN; also how many days had data. */
function levelOver(history: SupplyHistory, last: number, n: number): [number, number] {
  let sum = 0;
  let count = 0;
  let days = 0;
  for (let day = last - n + 1; day <= last; day++) {
    let any = false;
    for (let hour = 0; hour < 24; hour++) {
      const wh = slotAt(history, day, hour);
      if (!Number.isNaN(wh)) {
        sum += wh;
        count++;
        any = true;
      }
    }
    if (any) days++;
  }
  return [count === 0 ? Number.NaN : sum / count, days];
}

/** Mean temperature (°C) at a location over the 7 visible days ending at `last`, NaN when none; cached. */
function pastMeanTemperature(
  s: FeatureSupply,
  last: number,
  origin: number,
  weather: WeatherLookup,
  zone: Zone,
  cache: Map<string, number>,
): number {
  if (s.location === null) return Number.NaN;
  const key = `${s.location}|${last}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const from = localDayBoundsUtc(dayString(last - 6), zone)[0];
  const to = localDayBoundsUtc(dayString(last), zone)[1];
  let sum = 0;
  let count = 0;
  for (let h = from + HOUR_MS; h <= to; h += HOUR_MS) {
    const t = weather(s.location, h, origin)?.temperatureC;
    if (t !== undefined && t !== null) {
      sum += t;
      count++;
    }
  }
  const value = count === 0 ? Number.NaN : sum / count;
  cache.set(key, value);
  return value;
}

/** Per-day quantities shared by all hours of a target. */
function dayContext(s: FeatureSupply, dayNum: number, latency: number) {
  const last = lastVisibleDay(dayNum, latency);
  const [level7, historyDays] = levelOver(s.history, last, 7);
  const level = Number.isNaN(level7) ? levelOver(s.history, last, 28)[0] : level7;
  const [lastDayMean] = levelOver(s.history, last, 1);
  return { last, level, historyDays, lastDayMean };
}

/**
 * Builds the feature matrix for every hour of each target day, using only readings of days up to
 * target − dataLatencyDays and weather as seen at the forecast origin (11:00 local on D−1).
 * Missing inputs follow FEATURE_SPECS. @throws InvalidInputError for a bad supply index.
 */
export function buildFeatures(input: FeatureInput): FeatureSet {
  const latency = input.dataLatencyDays ?? DEFAULT_DATA_LATENCY_DAYS;
  const zone = input.marketZone ?? MARKET_ZONE;
  const weekLag = 7 * Math.max(1, Math.ceil(latency / 7));
  const nCols = FEATURE_NAMES.length;
  const bound = input.targets.length * 25;
  const data = new Float32Array(bound * nCols);
  const supply = new Int32Array(bound);
  const hourEnds = new Float64Array(bound);
  const dayNums = new Int32Array(bound);
  const levels = new Float32Array(bound);
  const actuals = new Float32Array(bound);
  let n = 0;
  let dropped = 0;
  const pastCache = new Map<string, number>();
  for (const target of input.targets) {
    const s = input.supplies[target.supply];
    if (s === undefined) throw new InvalidInputError(`No supply at index ${target.supply}`);
    const dayNum = dayNumber(target.day);
    const ctx = dayContext(s, dayNum, latency);
    let level = ctx.level;
    if (Number.isNaN(level)) {
      if (input.mode === 'train') {
        const [from, to] = localDayBoundsUtc(target.day, zone);
        dropped += Math.round((to - from) / HOUR_MS);
        continue;
      }
      level = input.defaultLevelWh ?? LEVEL_FLOOR_WH;
    }
    level = Math.max(level, LEVEL_FLOOR_WH);
    const origin = forecastOriginUtc(target.day, zone);
    const [start, end] = localDayBoundsUtc(target.day, zone);
    const holiday = isHoliday(target.day, s.region) ? 1 : 0;
    const bridge = isBridgeDay(target.day, s.region) ? 1 : 0;
    const weekday = weekdayOf(target.day);
    const doy = (dayNum - dayNumber(`${target.day.slice(0, 4)}-01-01`) + 1) / 365.25;
    const dayStart = n;
    for (let hourEnd = start + HOUR_MS; hourEnd <= end; hourEnd += HOUR_MS) {
      const actual = whAt(s.history, hourEnd);
      if (input.mode === 'train' && Number.isNaN(actual)) {
        dropped++;
        continue;
      }
      const slot = localSlotOf(hourEnd, zone).hour;
      const localHour = toLocalFields(hourEnd - HOUR_MS, s.zone).getUTCHours();
      const same: number[] = [];
      for (let day = ctx.last - 6; day <= ctx.last; day++) {
        const wh = slotAt(s.history, day, slot);
        if (!Number.isNaN(wh)) same.push(wh);
      }
      const mean7 = same.length === 0 ? 1 : mean(same) / level;
      const median7 = same.length === 0 ? mean7 : median(same) / level;
      const lagWeek = slotAt(s.history, dayNum - weekLag, slot);
      const weekly = meanOfSlots(
        s.history,
        [1, 2, 3, 4].map((k) => dayNum - k * weekLag),
        slot,
      );
      const month = meanOfSlots(
        s.history,
        Array.from({ length: 28 }, (_, k) => ctx.last - k),
        slot,
      );
      const lagLast = slotAt(s.history, ctx.last, slot);
      const w = s.location === null ? undefined : input.weather(s.location, hourEnd, origin);
      const temp = w?.temperatureC ?? null;
      const row = data.subarray(n * nCols, (n + 1) * nCols);
      row[COL.localHour!] = localHour;
      row[COL.weekday!] = weekday;
      row[COL.isHoliday!] = holiday;
      row[COL.isBridge!] = bridge;
      row[COL.doySin!] = Math.sin(2 * Math.PI * doy);
      row[COL.doyCos!] = Math.cos(2 * Math.PI * doy);
      row[COL.temperatureC!] = temp ?? climateNormalC(doy * 365.25, localHour);
      row[COL.cloudPct!] = w?.cloudPct ?? 50;
      row[COL.weatherImputed!] = temp === null ? 1 : 0;
      row[COL.historyDays!] = ctx.historyDays;
      row[COL.lagWeekRel!] = Number.isNaN(lagWeek) ? mean7 : lagWeek / level;
      row[COL.lagLastDayRel!] = Number.isNaN(lagLast) ? mean7 : lagLast / level;
      row[COL.sameHourMean7Rel!] = mean7;
      row[COL.sameHourMedian7Rel!] = median7;
      row[COL.weekdayHourMean4Rel!] = Number.isNaN(weekly) ? mean7 : weekly / level;
      row[COL.sameHourMean28Rel!] = Number.isNaN(month) ? mean7 : month / level;
      row[COL.lastDayMeanRel!] = Number.isNaN(ctx.lastDayMean) ? 1 : ctx.lastDayMean / level;
      supply[n] = target.supply;
      hourEnds[n] = hourEnd;
      dayNums[n] = dayNum;
      levels[n] = level;
      actuals[n] = actual;
      n++;
    }
    let tempSum = 0;
    for (let i = dayStart; i < n; i++) tempSum += data[i * nCols + COL.temperatureC!]!;
    const dayMean = tempSum / (n - dayStart);
    const past = pastMeanTemperature(s, ctx.last, origin, input.weather, zone, pastCache);
    for (let i = dayStart; i < n; i++) {
      data[i * nCols + COL.tempDayMeanC!] = dayMean;
      data[i * nCols + COL.tempDeltaC!] = Number.isNaN(past) ? 0 : dayMean - past;
    }
  }
  const x = createMatrix(FEATURE_NAMES, 0);
  return {
    x: { ...x, data: data.slice(0, n * nCols), nRows: n },
    supply: supply.slice(0, n),
    hourEnd: hourEnds.slice(0, n),
    dayNum: dayNums.slice(0, n),
    levelWh: levels.slice(0, n),
    actualWh: actuals.slice(0, n),
    dropped,
  };
}
