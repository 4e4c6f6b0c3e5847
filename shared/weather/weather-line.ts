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
 * @throws InvalidInputError naming the file, line and field when it is not a weather row
 */
export function parseWeatherLine(line: string, file: string, lineNo: number): WeatherRow {
  const refuse = (field: string, problem: string, cause?: unknown): never => {
    throw new InvalidInputError(`${file} line ${lineNo}: field "${field}" ${problem}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { file, line: lineNo, field },
    });
  };
  let o: Record<string, unknown> = {};
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch (error: unknown) {
    refuse('line', 'is not JSON', error);
  }
  if (typeof o !== 'object' || o === null) refuse('line', 'is not a JSON object');
  const hourEnd = Date.parse(String(o.hourEnd));
  const issuedAt = Date.parse(String(o.issuedAt));
  const kind = o.kind;
  if (typeof o.location !== 'string') refuse('location', 'must be a string');
  if (Number.isNaN(hourEnd)) refuse('hourEnd', 'must be an ISO-8601 instant');
  if (Number.isNaN(issuedAt)) refuse('issuedAt', 'must be an ISO-8601 instant');
  if (kind !== 'observed' && kind !== 'forecast') {
    refuse('kind', 'must be observed or forecast');
  }
  return {
    location: o.location as string,
    hourEnd,
    kind: kind as WeatherRow['kind'],
    issuedAt,
    temperatureC: numberOrNull(o.temperatureC),
    humidityPct: numberOrNull(o.humidityPct),
    cloudPct: numberOrNull(o.cloudPct),
    windMs: numberOrNull(o.windMs),
    radiationWm2: numberOrNull(o.radiationWm2),
    source: typeof o.source === 'string' ? o.source : 'files',
  };
}
