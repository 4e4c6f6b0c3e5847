import { addDays } from '../calendar/days.js';
import { localDayBoundsUtc, localDayOfHourEnd, MARKET_ZONE } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type FeatureSupply } from '../features/build-features.js';
import { VISIBLE_WINDOW_DAYS } from '../forecast/fallbacks.js';
import { type ReadingStore, type SupplyStore, type WeatherStore } from '../ports.js';
import { type Supply, type UnforecastSupply, type WeatherRow } from '../types.js';
import { loadTrainingData } from './train-data.js';

/**
 * The local days a forecast of `day` reads: from the first of the 28 visible days (the features'
 * longest look-back; it also holds the weekly lags D−7…D−28 for latencies up to 7 days) through
 * the target day (its forecast weather). Readings after the last visible day are never used.
 * @example forecastWindow('2024-03-31', 2) // { first: '2024-03-02', last: '2024-03-31' }
 */
export function forecastWindow(day: string, latencyDays: number): { first: string; last: string } {
  return { first: addDays(day, -(latencyDays + VISIBLE_WINDOW_DAYS - 1)), last: day };
}

/** What one batch reads: its supplies' histories over the window and their locations' weather. */
export interface BatchData {
  features: FeatureSupply[];
  weather: WeatherRow[];
  /** Planned supplies the store no longer knows. */
  missing: UnforecastSupply[];
}

/**
 * Reads a batch's data through the training loader (loadTrainingData): only these supplies and
 * only the window's days, so memory follows the batch, not the fleet.
 */
export async function loadBatchData(
  store: ReadingStore & SupplyStore & WeatherStore,
  cups: readonly string[],
  day: string,
  latencyDays: number,
): Promise<BatchData> {
  const supplies: Supply[] = [];
  const missing: UnforecastSupply[] = [];
  for (const c of cups) {
    const supply = await store.getSupply(c);
    if (supply === undefined) missing.push({ cups: c, reason: 'unknown supply' });
    else supplies.push(supply);
  }
  const { first, last } = forecastWindow(day, latencyDays);
  const data = await loadTrainingData(store, supplies, first, last);
  return { features: data.features, weather: data.weather, missing };
}

/**
 * Says what is missing when no supply has a reading the forecast of `day` could read.
 * @throws InvalidInputError naming the days the forecast reads and the days the store holds
 */
export function checkOriginData(
  supplies: readonly Supply[],
  day: string,
  latencyDays: number,
): void {
  const { first } = forecastWindow(day, latencyDays);
  const lastVisible = addDays(day, -latencyDays);
  const [from] = localDayBoundsUtc(first, MARKET_ZONE);
  const [, to] = localDayBoundsUtc(lastVisible, MARKET_ZONE);
  const visible = supplies.some(
    (s) => s.lastReading !== null && s.lastReading > from && (s.firstReading ?? 0) <= to,
  );
  if (visible) return;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const s of supplies) {
    if (s.lastReading === null) continue;
    oldest = Math.min(oldest, s.firstReading ?? s.lastReading);
    newest = Math.max(newest, s.lastReading);
  }
  const span = Number.isFinite(newest)
    ? `the store's readings run ${localDayOfHourEnd(oldest, MARKET_ZONE)}..${localDayOfHourEnd(newest, MARKET_ZONE)}`
    : 'the store holds no readings';
  throw new InvalidInputError(
    `No readings visible at the origin of ${day} (11:00 Europe/Madrid on ${addDays(day, -1)}): the forecast reads readings of ${first}..${lastVisible}, and ${span}`,
  );
}
