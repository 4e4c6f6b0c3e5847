import { dayNumber, dayString, weekdayOf } from '../calendar/days.js';
import { isBridgeDay, isHoliday, isWorkingDay } from '../calendar/holidays.js';
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
import { dayContext, pastMeanTemperature } from './day-context.js';
import { FEATURE_NAMES } from './feature-specs.js';
import { knownDayAt, localSlotOf, type SupplyHistory, slotAt, whAt } from './history.js';
import { DEFAULT_DATA_LATENCY_DAYS, forecastOriginUtc } from './origin.js';
import { createSameHourWindow, fillSameHourWindow, sameHourStats } from './same-hour.js';
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
  /** Newest day read = target − this (default 2: D − 1 is incomplete at the origin). */
  dataLatencyDays?: number;
  /**
   * Training only: drop rows whose label had not arrived by this day number (a backtest fitting as
   * of an origin sees only the actuals known then). Default: every stored label.
   */
  labelsKnownBy?: number;
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

/** Mean of one slot hour over the given days as seen by `knownBy`, ignoring missing ones; NaN when none. */
function meanOfSlots(
  history: SupplyHistory,
  days: readonly number[],
  hour: number,
  knownBy: number,
): number {
  let sum = 0;
  let count = 0;
  for (const day of days) {
    const wh = slotAt(history, day, hour, knownBy);
    if (!Number.isNaN(wh)) {
      sum += wh;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** The first finite value of `values` (each already divided by the level), else `fallback`. */
function firstFinite(fallback: number, ...values: number[]): number {
  for (const v of values) if (Number.isFinite(v)) return v;
  return fallback;
}

/**
 * Builds the feature matrix for every hour of each target day, using only readings of days up to
 * target − dataLatencyDays whose file had arrived by the origin's day, and weather as seen at the
 * forecast origin (11:00 local on D−1). Missing inputs follow FEATURE_SPECS.
 * @throws InvalidInputError for a bad supply index
 */
export function buildFeatures(input: FeatureInput): FeatureSet {
  const latency = input.dataLatencyDays ?? DEFAULT_DATA_LATENCY_DAYS;
  const zone = input.marketZone ?? MARKET_ZONE;
  const weekLag = 7 * Math.max(1, Math.ceil(latency / 7));
  const labelsKnownBy = input.labelsKnownBy ?? Number.POSITIVE_INFINITY;
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
  const workingCache = new Map<string, boolean>();
  const window = createSameHourWindow();
  for (const target of input.targets) {
    const s = input.supplies[target.supply];
    if (s === undefined) throw new InvalidInputError(`No supply at index ${target.supply}`);
    const dayNum = dayNumber(target.day);
    const ctx = dayContext(s.history, dayNum, latency);
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
    const working = (day: number) => {
      const key = `${s.region}|${day}`;
      let w = workingCache.get(key);
      if (w === undefined) {
        w = isWorkingDay(dayString(day), s.region);
        workingCache.set(key, w);
      }
      return w;
    };
    fillSameHourWindow(window, ctx.last, (d, h) => slotAt(s.history, d, h, ctx.knownBy), working);
    const targetWorking = weekday < 5 && holiday === 0;
    const dayStart = n;
    for (let hourEnd = start + HOUR_MS; hourEnd <= end; hourEnd += HOUR_MS) {
      const actual = whAt(s.history, hourEnd);
      const slot = localSlotOf(hourEnd, zone).hour;
      if (
        input.mode === 'train' &&
        (Number.isNaN(actual) || knownDayAt(s.history, dayNum, slot) > labelsKnownBy)
      ) {
        dropped++;
        continue;
      }
      const localHour = toLocalFields(hourEnd - HOUR_MS, s.zone).getUTCHours();
      const st = sameHourStats(window, slot, targetWorking);
      const rel = (wh: number) => wh / level;
      const mean7 = Number.isNaN(st.mean7) ? 1 : rel(st.mean7);
      const median7 = firstFinite(mean7, rel(st.median7));
      const median28 = firstFinite(median7, rel(st.median28));
      const lagWeek = slotAt(s.history, dayNum - weekLag, slot, ctx.knownBy);
      const weekly = meanOfSlots(
        s.history,
        [1, 2, 3, 4].map((k) => dayNum - k * weekLag),
        slot,
        ctx.knownBy,
      );
      const lagLast = Number.isNaN(ctx.lastDay)
        ? Number.NaN
        : slotAt(s.history, ctx.lastDay, slot, ctx.knownBy);
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
      row[COL.lagWeekRel!] = firstFinite(mean7, rel(lagWeek));
      row[COL.lagLastDayRel!] = firstFinite(mean7, rel(lagLast));
      row[COL.sameHourMean7Rel!] = mean7;
      row[COL.sameHourMedian7Rel!] = median7;
      row[COL.weekdayHourMean4Rel!] = firstFinite(mean7, rel(weekly));
      row[COL.sameHourMean28Rel!] = firstFinite(mean7, rel(st.mean28));
      row[COL.sameHourMedian14Rel!] = firstFinite(median7, rel(st.median14));
      row[COL.sameHourMedian28Rel!] = median28;
      row[COL.sameHourQ25of28Rel!] = firstFinite(median28, rel(st.q25of28));
      row[COL.sameHourQ75of28Rel!] = firstFinite(median28, rel(st.q75of28));
      row[COL.dayTypeHourMedian28Rel!] = firstFinite(median28, rel(st.dayTypeMedian28));
      row[COL.neighbourHourMedian28Rel!] = firstFinite(median28, rel(st.neighbourMedian28));
      row[COL.lastDayMeanRel!] = firstFinite(1, rel(ctx.lastDayMean));
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
    const past = pastMeanTemperature(s.location, ctx.last, origin, input.weather, zone, pastCache);
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
