import { afterEach, describe, expect, it } from 'vitest';
import { BadKeyError, createBudget } from '../../../../shared/adapters/weather-http/fetch-json.js';
import { createOpenWeatherSource } from '../../../../shared/adapters/weather-openweather/openweather-source.js';
import { type WeatherLocation } from '../../../../shared/ports.js';
import {
  type Answer,
  startWeatherServer,
  type WeatherServer,
} from '../../../helpers/weather-server.js';

const H = 3_600_000;
const KEY = 'k3y-that-must-not-leak';
const NOW = Date.UTC(2024, 5, 2, 9);
const MADRID: WeatherLocation = { key: '40.42,-3.70', latitude: 40.42, longitude: -3.7 };
const SEVILLA: WeatherLocation = { key: '37.39,-5.98', latitude: 37.39, longitude: -5.98 };

/** One hourly point as One Call 3.0 documents it (metric units unless kelvin). */
function point(dt: number, temp: number) {
  return {
    dt,
    temp,
    feels_like: temp,
    pressure: 1015,
    humidity: 40,
    dew_point: 8.2,
    uvi: 5.1,
    clouds: 20,
    visibility: 10000,
    wind_speed: 3.1,
    wind_deg: 250,
    weather: [{ id: 801, main: 'Clouds', description: 'few clouds', icon: '02d' }],
  };
}

function answer(url: URL): Answer {
  if (url.searchParams.get('appid') !== KEY) {
    return {
      status: 401,
      body: {
        cod: 401,
        message:
          'Invalid API key. Please see https://openweathermap.org/faq#error401 for more info.',
      },
    };
  }
  const kelvin = url.searchParams.get('units') === 'standard';
  const t = (c: number) => (kelvin ? c + 273.15 : c);
  const head = {
    lat: Number(url.searchParams.get('lat')),
    lon: Number(url.searchParams.get('lon')),
    timezone: 'Europe/Madrid',
    timezone_offset: 7200,
  };
  if (url.pathname === '/data/3.0/onecall') {
    const first = NOW / 1000 + 3600;
    return {
      body: {
        ...head,
        hourly: Array.from({ length: 48 }, (_, i) => point(first + i * 3600, t(20 + i / 10))),
      },
    };
  }
  const dt = Number(url.searchParams.get('dt'));
  // The archive has no record for 10:00Z: it answers the nearest one, two hours away.
  const recorded = dt === Date.UTC(2024, 5, 1, 10) / 1000 ? dt + 7200 : dt;
  return { body: { ...head, data: [{ ...point(recorded, t(18)), sunrise: 0, sunset: 0 }] } };
}

let server: WeatherServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function source(
  baseUrl: string,
  opts: { key?: string; calls?: number; units?: 'metric' | 'standard' } = {},
) {
  return createOpenWeatherSource({
    baseUrl,
    apiKey: opts.key ?? KEY,
    ...(opts.units ? { units: opts.units } : {}),
    http: {
      fetch: globalThis.fetch,
      sleep: async () => {},
      now: () => NOW,
      budget: createBudget(opts.calls ?? 100),
    },
  });
}

describe('createOpenWeatherSource', () => {
  it('turns the hourly One Call forecast of each location into 48 rows in °C and m/s', async () => {
    server = await startWeatherServer(answer);

    const result = await source(server.baseUrl).fetchWeather({
      locations: [MADRID, SEVILLA],
      kind: 'forecast',
      fromMs: NOW,
      toMs: NOW + 48 * H,
      issuedAt: NOW,
    });

    expect(server.requests.map((u) => u.pathname)).toEqual([
      '/data/3.0/onecall',
      '/data/3.0/onecall',
    ]);
    expect(server.requests[0]!.searchParams.get('units')).toBe('metric');
    expect(server.requests[0]!.searchParams.get('exclude')).toBe('current,minutely,daily,alerts');
    expect(result.rows).toHaveLength(96);
    expect(result.gaps).toEqual([]);
    expect(result.rows[0]).toEqual({
      location: MADRID.key,
      hourEnd: NOW + H,
      kind: 'forecast',
      issuedAt: NOW,
      temperatureC: 20,
      humidityPct: 40,
      cloudPct: 20,
      windMs: 3.1,
      radiationWm2: null,
      source: 'openweather',
    });
  });

  it('converts kelvin when asked for standard units', async () => {
    server = await startWeatherServer(answer);

    const result = await source(server.baseUrl, { units: 'standard' }).fetchWeather({
      locations: [MADRID],
      kind: 'forecast',
      fromMs: NOW,
      toMs: NOW + 2 * H,
      issuedAt: NOW,
    });

    expect(result.rows.map((r) => r.temperatureC)).toEqual([20, 20.1]);
  });

  it('asks the time machine once per hour and reports an hour it has no record for', async () => {
    server = await startWeatherServer(answer);
    const from = Date.UTC(2024, 5, 1, 8);

    const result = await source(server.baseUrl).fetchWeather({
      locations: [MADRID],
      kind: 'observed',
      fromMs: from,
      toMs: from + 3 * H,
      issuedAt: NOW,
    });

    expect(server.requests.map((u) => u.searchParams.get('dt'))).toEqual([
      '1717232400',
      '1717236000',
      '1717239600',
    ]);
    expect(result.rows.map((r) => new Date(r.hourEnd).toISOString())).toEqual([
      '2024-06-01T09:00:00.000Z',
      '2024-06-01T11:00:00.000Z',
    ]);
    expect(result.gaps).toEqual([
      { location: MADRID.key, missingHours: 1, reason: 'missing hours in the answer' },
    ]);
  });

  it('stops on a refused key with a message that does not carry the key', async () => {
    server = await startWeatherServer(answer);

    const error = await source(server.baseUrl, { key: 'wrong-secret-key' })
      .fetchWeather({
        locations: [MADRID],
        kind: 'forecast',
        fromMs: NOW,
        toMs: NOW + 48 * H,
        issuedAt: NOW,
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BadKeyError);
    expect(String((error as Error).message)).not.toContain('wrong-secret-key');
    expect(JSON.stringify((error as BadKeyError).details)).not.toContain('wrong-secret-key');
  });

  it('keeps the hours fetched before the budget ran out and reports the rest', async () => {
    server = await startWeatherServer(answer);
    const from = Date.UTC(2024, 5, 1, 0);

    const result = await source(server.baseUrl, { calls: 5 }).fetchWeather({
      locations: [MADRID, SEVILLA],
      kind: 'observed',
      fromMs: from,
      toMs: from + 4 * H,
      issuedAt: NOW,
    });

    expect(result.calls).toBe(5);
    expect(result.rows.map((r) => r.location)).toEqual([
      MADRID.key,
      MADRID.key,
      MADRID.key,
      MADRID.key,
      SEVILLA.key,
    ]);
    expect(result.gaps).toEqual([
      {
        location: SEVILLA.key,
        missingHours: 3,
        reason: expect.stringContaining('budget exhausted'),
      },
    ]);
  });
});
