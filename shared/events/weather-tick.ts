import { InvalidInputError } from '../errors.js';
import { type WeatherIngestInput } from '../pipelines/weather.js';

/**
 * The body of a weather-tick message: empty (Cloud Scheduler's default: today, both kinds) or
 * JSON `{ "date": "YYYY-MM-DD", "kinds": ["observed", "forecast"] }`, both optional.
 * @throws InvalidInputError when the body is not such an object
 */
export function parseWeatherTick(json: unknown): WeatherIngestInput {
  if (json === null || json === undefined) return {};
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidInputError('Weather tick body must be a JSON object');
  }
  const body = json as Record<string, unknown>;
  const input: WeatherIngestInput = {};
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
    input.kinds = kinds as Array<'observed' | 'forecast'>;
  }
  return input;
}
