import { addDays } from '../calendar/holidays.js';
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
