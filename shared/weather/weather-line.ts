import { InvalidInputError } from '../errors.js';
import { type WeatherRow } from '../types.js';

/**
 * The weather JSON-lines format: one WeatherRow per line with ISO instants, as `mce generate`
 * writes it (synth/weather-lines.ts), the files weather source reads it and `mce ingest` loads it.
 */

/** A finite number, or null for anything else (null, missing, NaN, strings). */
export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Parses one JSON line of a weather file into a WeatherRow.
 * @throws InvalidInputError naming the file and line when it is not a weather row
 */
export function parseWeatherLine(line: string, file: string, lineNo: number): WeatherRow {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch (error: unknown) {
    throw new InvalidInputError(`${file} line ${lineNo}: not JSON`, { cause: error });
  }
  const hourEnd = Date.parse(String(o.hourEnd));
  const issuedAt = Date.parse(String(o.issuedAt));
  const kind = o.kind;
  if (typeof o.location !== 'string' || Number.isNaN(hourEnd) || Number.isNaN(issuedAt)) {
    throw new InvalidInputError(`${file} line ${lineNo}: needs location, hourEnd and issuedAt`);
  }
  if (kind !== 'observed' && kind !== 'forecast') {
    throw new InvalidInputError(`${file} line ${lineNo}: kind must be observed or forecast`);
  }
  return {
    location: o.location,
    hourEnd,
    kind,
    issuedAt,
    temperatureC: numberOrNull(o.temperatureC),
    humidityPct: numberOrNull(o.humidityPct),
    cloudPct: numberOrNull(o.cloudPct),
    windMs: numberOrNull(o.windMs),
    radiationWm2: numberOrNull(o.radiationWm2),
    source: typeof o.source === 'string' ? o.source : 'files',
  };
}
