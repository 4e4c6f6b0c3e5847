import { InvalidInputError } from '../errors.js';
import { type WeatherKind } from '../types.js';

/** What a weather tick asks for: a local day (default today) and the kinds (default both). */
export interface WeatherTick {
  date?: string;
  kinds?: readonly WeatherKind[];
}

/**
 * The body of a weather-tick message: empty (Cloud Scheduler's default: today, both kinds) or
 * JSON `{ "date": "YYYY-MM-DD", "kinds": ["observed", "forecast"] }`, both optional.
 * @throws InvalidInputError when the body is not such an object
 */
export function parseWeatherTick(json: unknown): WeatherTick {
  if (json === null || json === undefined) return {};
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidInputError('Weather tick body must be a JSON object');
  }
  const body = json as Record<string, unknown>;
  const input: { date?: string; kinds?: WeatherKind[] } = {};
  if (body.date !== undefined) {
    if (typeof body.date !== 'string')
      throw new InvalidInputError('Weather tick "date" must be a string');
    input.date = body.date;
  }
  if (body.kinds !== undefined) {
    const kinds = body.kinds;
    if (!Array.isArray(kinds) || !kinds.every((k) => k === 'observed' || k === 'forecast')) {
      throw new InvalidInputError('Weather tick "kinds" must list observed and/or forecast');
    }
    input.kinds = kinds as WeatherKind[];
  }
  return input;
}
