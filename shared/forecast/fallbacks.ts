import { DAY_MS } from '../calendar/days.js';
import { InvalidInputError } from '../errors.js';
import { type FeatureSet } from '../features/build-features.js';
import { type SupplyHistory, slotAt } from '../features/history.js';
import { type WeatherLookup } from '../features/weather-index.js';
import { baselineForecast } from '../models/baselines.js';
import { type FallbackReason, type WeatherRow } from '../types.js';

/**
 * Fallbacks of a day-ahead forecast, detected from what the model's inputs already say: the
 * visible history the features read, and the feature rows themselves (`weatherImputed`,
 * `weekday`, `localHour`, `lagWeekRel`, the row's level). Nothing here recomputes a feature.
 *
 *   new-supply             no reading in the 28 visible days: the features fall back to the
 *                          segment's median level; the point is the segment profile × that level
 *   flat-readings          the last 2 visible days are all missing or all one value (a stuck or
 *                          estimated series): the point is seasonal naive on what exists
 *                          (the week-ago hour, else the 7-day same-hour mean, as the features impute)
 *   short-history          readings on fewer than 7 of the 28 visible days: the point is the
 *                          segment profile scaled to the level known from those readings
 *   weather-climatology    the features imputed the temperature (no forecast issued by the origin
 *                          at all, or no location): the model ran on the climate normal
 *   weather-earlier-forecast  the temperature came from a forecast issued more than 24 h before the
 *                          origin (the origin day's run is missing): the model ran on it
 * History reasons apply to every hour of the supply-day, weather reasons hour by hour; a row keeps
 * the first reason that applies, in that order (FALLBACK_REASONS).
 */

/** Visible days whose readings the features read (level fallback, 28-day means, segment profile). */
export const VISIBLE_WINDOW_DAYS = 28;
/** Fewer visible days with readings than this in the window is a short history. */
export const MIN_HISTORY_DAYS = 7;
/** The last visible days that, all missing or all one value, make readings flat. */
export const FLAT_DAYS = 2;
/** A forecast issued more than this before the origin is an earlier one. */
export const MAX_FORECAST_AGE_MS = DAY_MS;

export type HistoryReason = Extract<
  FallbackReason,
  'new-supply' | 'flat-readings' | 'short-history'
>;

/**
 * The supply-level reason from its visible history (local day numbers up to `lastDay`, the last
 * day the forecast may read, of files arrived by day `knownBy`), or null when the history is long
 * and live enough for the model.
 */
export function historyFallback(
  history: SupplyHistory,
  lastDay: number,
  knownBy = Number.POSITIVE_INFINITY,
): HistoryReason | null {
  let days = 0;
  for (let day = lastDay - VISIBLE_WINDOW_DAYS + 1; day <= lastDay; day++) {
    for (let hour = 0; hour < 24; hour++) {
      if (!Number.isNaN(slotAt(history, day, hour, knownBy))) {
        days++;
        break;
      }
    }
  }
  if (days === 0) return 'new-supply';
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (let day = lastDay - FLAT_DAYS + 1; day <= lastDay; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const wh = slotAt(history, day, hour, knownBy);
      if (Number.isNaN(wh)) continue;
      count++;
      min = Math.min(min, wh);
      max = Math.max(max, wh);
    }
  }
  if (count === 0 || (count > 1 && min === max)) return 'flat-readings';
  return days < MIN_HISTORY_DAYS ? 'short-history' : null;
}

/** The rows of forecasts issued within MAX_FORECAST_AGE_MS before the origin (and observations). */
export function freshWeatherRows(rows: readonly WeatherRow[], originMs: number): WeatherRow[] {
  return rows.filter((r) => r.kind === 'observed' || r.issuedAt > originMs - MAX_FORECAST_AGE_MS);
}

function column(set: FeatureSet, name: string): number {
  const c = set.x.columns.indexOf(name);
  if (c < 0) throw new InvalidInputError(`Feature set has no column ${name}`);
  return c;
}

/**
 * Per row, the weather reason: climatology where the features imputed the temperature, an
 * earlier forecast where only an older forecast than the origin day's had it (`fresh` indexes
 * freshWeatherRows), else null.
 */
export function weatherFallbacks(
  set: FeatureSet,
  location: string | null,
  originMs: number,
  fresh: WeatherLookup,
): (FallbackReason | null)[] {
  const imputed = column(set, 'weatherImputed');
  return Array.from(set.hourEnd, (hourEnd, i) => {
    if (set.x.data[i * set.x.nCols + imputed] === 1) return 'weather-climatology';
    const t = location === null ? undefined : fresh(location, hourEnd, originMs)?.temperatureC;
    return t === undefined || t === null ? 'weather-earlier-forecast' : null;
  });
}

/**
 * The segment profile forecast: centroid value of the row's (weekday, local hour) × the row's
 * level, Wh. Centroids are normalised weekly profiles (mean 1, index weekday × 24 + hour).
 * @example profileForecast(set, centroid)[i] // = centroid[weekday·24 + localHour] × levelWh[i]
 */
export function profileForecast(set: FeatureSet, centroid: readonly number[]): Float32Array {
  const weekday = column(set, 'weekday');
  const localHour = column(set, 'localHour');
  const { data, nCols } = set.x;
  return Float32Array.from(set.levelWh, (level, i) => {
    const slot = (data[i * nCols + weekday] ?? 0) * 24 + (data[i * nCols + localHour] ?? 0);
    return (centroid[slot] ?? 1) * level;
  });
}

/** The point forecast (Wh) a history reason puts in place of the model's, when it has one. */
export function fallbackPoint(
  reason: HistoryReason,
  set: FeatureSet,
  centroid: readonly number[] | undefined,
): Float32Array | undefined {
  if (reason === 'flat-readings') return baselineForecast(set, 'seasonalNaive');
  return centroid === undefined ? undefined : profileForecast(set, centroid);
}
