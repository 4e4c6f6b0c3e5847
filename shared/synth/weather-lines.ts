import { HOUR_MS } from '../calendar/zone.js';
import { deriveRng } from '../random.js';
import { type SynthLocation } from './locations.js';
import { clearSkyWm2, cloudyRadiation, type WeatherSeries } from './weather.js';

/**
 * JSON lines of WeatherRow (instants as ISO strings) for the synthetic weather files: the
 * observations, and forecasts issued once a day whose error grows with the lead time.
 */

/** Hours a forecast covers after its issue instant. */
export const FORECAST_HOURS = 48;

/** ISO strings of the series' hour ends, built once (toISOString dominated the profile). */
export function isoHours(w: WeatherSeries): string[] {
  const out = new Array<string>(w.temperatureC.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = new Date(w.firstHourEnd + i * HOUR_MS).toISOString();
  }
  return out;
}

function line(
  location: string,
  hourEnd: string,
  kind: 'observed' | 'forecast',
  issuedAt: string,
  t: number,
  rh: number,
  cloud: number,
  wind: number,
  rad: number,
): string {
  return (
    `{"location":"${location}","hourEnd":"${hourEnd}","kind":"${kind}",` +
    `"issuedAt":"${issuedAt}","temperatureC":${t},"humidityPct":${rh},` +
    `"cloudPct":${cloud},"windMs":${wind},"radiationWm2":${rad},"source":"synthetic"}\n`
  );
}

/** The observed rows of a series as JSON lines (issuedAt = hourEnd). */
export function observedLines(key: string, w: WeatherSeries, iso: readonly string[]): string {
  let out = '';
  for (let i = 0; i < w.temperatureC.length; i++) {
    out += line(
      key,
      iso[i]!,
      'observed',
      iso[i]!,
      w.temperatureC[i]!,
      w.humidityPct[i]!,
      w.cloudPct[i]!,
      w.windMs[i]!,
      w.radiationWm2[i]!,
    );
  }
  return out;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * The forecast issued at `issuedAt` (UTC ms, on the hour) for the next 48 hours, as JSON lines:
 * observation plus random-walk errors (temperature sd about 0.5 °C at 1 h, 1.3 °C at 48 h).
 */
export function forecastLines(
  loc: SynthLocation,
  w: WeatherSeries,
  seed: number,
  issuedAt: number,
  iso: readonly string[],
): string {
  const issued = new Date(issuedAt).toISOString();
  const rng = deriveRng(seed, `forecast:${loc.key}:${issuedAt}`);
  let eT = 0.4 * rng.normal();
  let eC = 5 * rng.normal();
  let eW = 0.3 * rng.normal();
  let out = '';
  for (let lead = 1; lead <= FORECAST_HOURS; lead++) {
    const hourEnd = issuedAt + lead * HOUR_MS;
    const i = (hourEnd - w.firstHourEnd) / HOUR_MS;
    if (i < 0 || i >= w.temperatureC.length) continue;
    eT += 0.18 * rng.normal();
    eC += 2.5 * rng.normal();
    eW += 0.12 * rng.normal();
    const cloud = Math.round(clamp(w.cloudPct[i]! + eC, 0, 100));
    const clear = clearSkyWm2(loc.latitude, loc.longitude, hourEnd - HOUR_MS / 2);
    out += line(
      loc.key,
      iso[i]!,
      'forecast',
      issued,
      round1(w.temperatureC[i]! + eT),
      Math.round(clamp(w.humidityPct[i]! - 2.2 * eT, 8, 100)),
      cloud,
      round1(Math.max(0, w.windMs[i]! + eW)),
      Math.round(cloudyRadiation(clear, cloud)),
    );
  }
  return out;
}
