import { HOUR_MS, localTimeUtc, MARKET_ZONE } from '../calendar/zone.js';
import { type WeatherRow } from '../types.js';
import { parseWeatherLine } from '../weather/weather-line.js';
import { type SynthLocation } from './locations.js';
import { type WeatherSeries } from './weather.js';
import { forecastLines } from './weather-lines.js';

/**
 * 10:00 Europe/Madrid on a day, as UTC ms: the daily forecast issue, one instant for every
 * location (Canary ones included), as a provider polled by the retailer would give it.
 * @example forecastIssueUtc('2024-07-01') // Date.UTC(2024, 6, 1, 8)
 */
export function forecastIssueUtc(day: string): number {
  return localTimeUtc(day, 10, MARKET_ZONE);
}

/** The observed row of hour `h` of a series whose first hour ends at `firstHourEnd`. */
export function observedRow(
  location: string,
  series: WeatherSeries,
  firstHourEnd: number,
  h: number,
): WeatherRow {
  const hourEnd = firstHourEnd + h * HOUR_MS;
  return {
    location,
    hourEnd,
    kind: 'observed',
    issuedAt: hourEnd,
    temperatureC: series.temperatureC[h] ?? null,
    humidityPct: series.humidityPct[h] ?? null,
    cloudPct: series.cloudPct[h] ?? null,
    windMs: series.windMs[h] ?? null,
    radiationWm2: series.radiationWm2[h] ?? null,
    source: 'synth',
  };
}

/** The 48-hour forecast issued at `issuedAt` as rows (the same values the files hold). */
export function forecastRows(
  loc: SynthLocation,
  series: WeatherSeries,
  seed: number,
  issuedAt: number,
  iso: readonly string[],
): WeatherRow[] {
  const lines = forecastLines(loc, series, seed, issuedAt, iso).split('\n');
  return lines
    .filter((text) => text !== '')
    .map((text, i) => parseWeatherLine(text, 'forecast', i + 1));
}
