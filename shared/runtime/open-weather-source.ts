import { setTimeout as sleep } from 'node:timers/promises';
import { createFilesWeatherSource } from '../adapters/weather-files/files-source.js';
import { createBudget } from '../adapters/weather-http/fetch-json.js';
import { createOpenMeteoSource } from '../adapters/weather-open-meteo/open-meteo-source.js';
import { createOpenWeatherSource } from '../adapters/weather-openweather/openweather-source.js';
import { type Config } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { type Clock, type WeatherSource } from '../ports.js';

export interface WeatherSourceOptions {
  /** Overrides config.weatherSource. */
  name?: Config['weatherSource'];
  /** Folder holding weather/*.jsonl, for the files source. */
  dir?: string;
  now: Clock;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds the weather source of one run, with a fresh call budget of config.weatherCallBudget
 * (so build one per run, not once per instance).
 * @throws InvalidInputError when the files source has no folder or OpenWeather has no key
 */
export function openWeatherSource(config: Config, options: WeatherSourceOptions): WeatherSource {
  const name = options.name ?? config.weatherSource;
  const http = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? ((ms: number) => sleep(ms).then(() => undefined)),
    now: options.now,
    budget: createBudget(config.weatherCallBudget),
  };
  switch (name) {
    case 'files':
      if (!options.dir)
        throw new InvalidInputError('The files weather source needs a folder (--dir)');
      return createFilesWeatherSource(options.dir);
    case 'open-meteo':
      return createOpenMeteoSource({
        baseUrl: config.openMeteoBaseUrl,
        archiveUrl: config.openMeteoArchiveUrl,
        http,
      });
    case 'openweather':
      if (!config.openWeatherApiKey) {
        throw new InvalidInputError('The openweather source needs OPENWEATHER_API_KEY');
      }
      return createOpenWeatherSource({
        baseUrl: config.openWeatherBaseUrl,
        apiKey: config.openWeatherApiKey,
        http,
      });
    default: {
      const never: never = name;
      throw new InvalidInputError(`Unknown weather source ${String(never)}`);
    }
  }
}
