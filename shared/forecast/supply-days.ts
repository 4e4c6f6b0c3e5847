import { dayNumber } from '../calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, MARKET_ZONE } from '../calendar/zone.js';
import { type FeatureSupply } from '../features/build-features.js';
import { forecastOriginUtc, lastVisibleDay } from '../features/origin.js';
import { indexWeather, type WeatherLookup } from '../features/weather-index.js';
import { forecastDay, type SupplyForecast } from '../models/model-forecast.js';
import { type LoadedModel } from '../registry/load-model.js';
import {
  type FallbackReason,
  type PredictionHour,
  type SupplyDayPrediction,
  type UnforecastSupply,
  type WeatherRow,
} from '../types.js';
import {
  fallbackPoint,
  freshWeatherRows,
  type HistoryReason,
  historyFallback,
  weatherFallbacks,
} from './fallbacks.js';

/** The forecasts of one batch, ready to store, and what did not make it. */
export interface BatchForecast {
  days: SupplyDayPrediction[];
  unforecast: UnforecastSupply[];
  /** Supplies per fallback reason found on their rows. */
  fallbacks: Partial<Record<FallbackReason, number>>;
  rows: number;
}

export interface BatchForecastInput {
  model: LoadedModel;
  supplies: readonly FeatureSupply[];
  /** Observed and forecast weather of the supplies' locations over the loaded window. */
  weather: readonly WeatherRow[];
  /** Target local day (Europe/Madrid), YYYY-MM-DD. */
  day: string;
  runId: string;
  issuedAt: number;
}

/**
 * The weather a day-ahead forecast reads from loaded rows: observations of hours past at the
 * origin, else the latest forecast issued by then, never a later observation (indexWeather).
 */
export function forecastWeatherLookup(rows: readonly WeatherRow[]): WeatherLookup {
  return indexWeather(rows, { observedFallback: false });
}

/** Wh to 0.1: finer is noise for hourly energy; rounding keeps p10 <= wh <= p90. */
const round = (wh: number) => Math.round(wh * 10) / 10;

function supplyDay(
  f: SupplyForecast,
  history: HistoryReason | null,
  weather: readonly (FallbackReason | null)[],
  point: Float32Array | undefined,
): PredictionHour[] | string {
  const hours: PredictionHour[] = [];
  for (const [k, hourEnd] of f.hourEnd.entries()) {
    const wh = point?.[k] ?? f.forecast.point[k] ?? Number.NaN;
    // The interval always holds the point (a fallback point may lie outside the model's band).
    const p10 = Math.min(f.forecast.p10[k] ?? Number.NaN, wh);
    const p90 = Math.max(f.forecast.p90[k] ?? Number.NaN, wh);
    if (![wh, p10, p90].every((v) => Number.isFinite(v) && v >= 0)) {
      return 'non-finite or negative forecast';
    }
    hours.push({
      hourEnd,
      wh: round(wh),
      p10: round(p10),
      p90: round(p90),
      fallback: history ?? weather[k] ?? null,
    });
  }
  return hours;
}

/**
 * Forecasts every hour of `day` for each supply with the model (forecastDay, the one place it is
 * applied), flags fallbacks (see fallbacks.ts) and shapes one SupplyDayPrediction per supply
 * with p10 <= wh <= p90. A supply whose day is incomplete or invalid is listed in `unforecast`.
 * @throws InvalidInputError when the model's features differ from this code's (forecastDay)
 */
export function forecastSupplyDays(input: BatchForecastInput): BatchForecast {
  const { model, day } = input;
  const lastDay = lastVisibleDay(dayNumber(day), model.manifest.data.dataLatencyDays);
  const origin = forecastOriginUtc(day, MARKET_ZONE);
  const weather = forecastWeatherLookup(input.weather);
  const fresh = indexWeather(freshWeatherRows(input.weather, origin), { observedFallback: false });
  const [start, end] = localDayBoundsUtc(day, MARKET_ZONE);
  const expected = Math.round((end - start) / HOUR_MS);
  const out: BatchForecast = { days: [], unforecast: [], fallbacks: {}, rows: 0 };
  const forecasts = forecastDay(model, input.supplies, day, weather);
  for (const [i, f] of forecasts.entries()) {
    const supply = input.supplies[i];
    if (supply === undefined) continue;
    if (f.hourEnd.length !== expected) {
      out.unforecast.push({ cups: f.cups, reason: 'incomplete day' });
      continue;
    }
    const history = historyFallback(supply.history, lastDay, dayNumber(day) - 1);
    const point =
      history === null
        ? undefined
        : fallbackPoint(history, f.features, model.segments.centroids[f.segment]);
    const hours = supplyDay(
      f,
      history,
      weatherFallbacks(f.features, supply.location, origin, fresh),
      point,
    );
    if (typeof hours === 'string') {
      out.unforecast.push({ cups: f.cups, reason: hours });
      continue;
    }
    for (const reason of new Set(hours.map((h) => h.fallback))) {
      if (reason !== null) out.fallbacks[reason] = (out.fallbacks[reason] ?? 0) + 1;
    }
    out.rows += hours.length;
    out.days.push({
      cups: f.cups,
      day,
      modelVersion: model.manifest.version,
      runId: input.runId,
      issuedAt: input.issuedAt,
      hours,
    });
  }
  return out;
}
