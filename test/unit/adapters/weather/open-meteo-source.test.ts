import { afterEach, describe, expect, it } from 'vitest';
import { createBudget } from '../../../../shared/adapters/weather-http/fetch-json.js';
import { createOpenMeteoSource } from '../../../../shared/adapters/weather-open-meteo/open-meteo-source.js';
import { type WeatherLocation, type WeatherRequest } from '../../../../shared/ports.js';
import {
  type Answer,
  startWeatherServer,
  type WeatherServer,
} from '../../../helpers/weather-server.js';

const H = 3_600_000;
const LOCATIONS: WeatherLocation[] = [
  { key: '40.42,-3.70', latitude: 40.42, longitude: -3.7 },
  { key: '41.39,2.17', latitude: 41.39, longitude: 2.17 },
  { key: '39.47,-0.38', latitude: 39.47, longitude: -0.38 },
  { key: '37.39,-5.98', latitude: 37.39, longitude: -5.98 },
  { key: '43.26,-2.93', latitude: 43.26, longitude: -2.93 },
];
const NOW = Date.UTC(2024, 5, 2, 9);
const FORECAST: WeatherRequest = {
  locations: LOCATIONS,
  kind: 'forecast',
  fromMs: NOW,
  toMs: NOW + 48 * H,
  issuedAt: NOW,
};

/** One location's answer as Open-Meteo documents it (hourly arrays, units, UTC times). */
function locationAnswer(
  lat: number,
  lon: number,
  start: string,
  end: string,
  opts: { windKmh?: boolean; nullAt?: number } = {},
) {
  const from = Date.parse(`${start}T00:00:00Z`);
  const hours = (Date.parse(`${end}T00:00:00Z`) - from) / H + 24;
  const time = Array.from({ length: hours }, (_, i) =>
    new Date(from + i * H).toISOString().slice(0, 16),
  );
  const series = (f: (i: number) => number) =>
    time.map((_, i) => (i === opts.nullAt ? null : f(i)));
  return {
    latitude: lat,
    longitude: lon,
    generationtime_ms: 0.1,
    utc_offset_seconds: 0,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 650,
    hourly_units: {
      time: 'iso8601',
      temperature_2m: '°C',
      relative_humidity_2m: '%',
      cloud_cover: '%',
      wind_speed_10m: opts.windKmh ? 'km/h' : 'm/s',
      shortwave_radiation: 'W/m²',
    },
    hourly: {
      time,
      temperature_2m: series((i) => 15 + (i % 24) / 2),
      relative_humidity_2m: series(() => 60),
      cloud_cover: series(() => 20),
      wind_speed_10m: series(() => (opts.windKmh ? 18 : 5)),
      shortwave_radiation: series((i) => (i % 24 > 6 && i % 24 < 19 ? 500 : 0)),
    },
  };
}

function answerFor(url: URL, opts: { windKmh?: boolean; nullAt?: number } = {}): Answer {
  const lats = (url.searchParams.get('latitude') ?? '').split(',').map(Number);
  const lons = (url.searchParams.get('longitude') ?? '').split(',').map(Number);
  const start = url.searchParams.get('start_date') ?? '';
  const end = url.searchParams.get('end_date') ?? '';
  const list = lats.map((lat, i) => locationAnswer(lat, lons[i]!, start, end, opts));
  return { body: list.length === 1 ? list[0] : list };
}

let server: WeatherServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function source(baseUrl: string, calls = 100, batchSize = 2) {
  return createOpenMeteoSource({
    baseUrl,
    archiveUrl: `${baseUrl}/archive`,
    batchSize,
    http: {
      fetch: globalThis.fetch,
      sleep: async () => {},
      now: () => NOW,
      budget: createBudget(calls),
    },
  });
}

describe('createOpenMeteoSource', () => {
  it('pages the locations in batches and returns 48 forecast hours for each', async () => {
    server = await startWeatherServer((url) => answerFor(url));

    const result = await source(server.baseUrl).fetchWeather(FORECAST);

    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((u) => u.searchParams.get('latitude'))).toEqual([
      '40.42,41.39',
      '39.47,37.39',
      '43.26',
    ]);
    expect(server.requests[0]!.pathname).toBe('/v1/forecast');
    expect(server.requests[0]!.searchParams.get('timezone')).toBe('UTC');
    expect(server.requests[0]!.searchParams.get('wind_speed_unit')).toBe('ms');
    expect(result.rows).toHaveLength(5 * 48);
    expect(result.gaps).toEqual([]);
    expect(result.calls).toBe(3);
    const first = result.rows.find((r) => r.location === '41.39,2.17')!;
    expect(first).toEqual({
      location: '41.39,2.17',
      hourEnd: NOW + H,
      kind: 'forecast',
      issuedAt: NOW,
      temperatureC: 20,
      humidityPct: 60,
      cloudPct: 20,
      windMs: 5,
      radiationWm2: 500,
      source: 'open-meteo',
    });
  });

  it('converts km/h to m/s and reports hours the answer leaves empty as a gap', async () => {
    // Index 34 of the answer (2024-06-03T10:00Z) is null for every variable.
    server = await startWeatherServer((url) => answerFor(url, { windKmh: true, nullAt: 34 }));

    const result = await source(server.baseUrl).fetchWeather({
      ...FORECAST,
      locations: LOCATIONS.slice(0, 1),
    });

    expect(result.rows).toHaveLength(47);
    expect(result.rows[0]!.windMs).toBe(5);
    expect(result.gaps).toEqual([
      { location: '40.42,-3.70', missingHours: 1, reason: 'missing hours in the answer' },
    ]);
  });

  it('asks the archive for observations older than a week', async () => {
    server = await startWeatherServer((url) => answerFor(url));
    const from = Date.UTC(2024, 0, 9, 23);

    const result = await source(server.baseUrl).fetchWeather({
      locations: LOCATIONS.slice(0, 1),
      kind: 'observed',
      fromMs: from,
      toMs: from + 24 * H,
      issuedAt: NOW,
    });

    expect(server.requests[0]!.pathname).toBe('/archive/v1/archive');
    expect(server.requests[0]!.searchParams.get('start_date')).toBe('2024-01-09');
    expect(server.requests[0]!.searchParams.get('end_date')).toBe('2024-01-10');
    expect(result.rows).toHaveLength(24);
    expect(result.rows.every((r) => r.kind === 'observed' && r.issuedAt === r.hourEnd)).toBe(true);
  });

  it('keeps the good batches when one answers malformed JSON, and reports the others', async () => {
    server = await startWeatherServer((url) =>
      url.searchParams.get('latitude')?.startsWith('39.47')
        ? { body: '{"hourly":' }
        : answerFor(url),
    );

    const result = await source(server.baseUrl).fetchWeather(FORECAST);

    expect(result.rows).toHaveLength(3 * 48);
    expect(result.gaps.map((g) => g.location)).toEqual(['39.47,-0.38', '37.39,-5.98']);
    expect(result.gaps[0]!.reason).toContain('malformed JSON');
    expect(result.gaps[0]!.missingHours).toBe(48);
  });

  it('retries a 429 and stops at the call budget, reporting the locations left', async () => {
    let n = 0;
    server = await startWeatherServer((url) =>
      n++ === 0 ? { status: 429, body: { error: true, reason: 'Too many' } } : answerFor(url),
    );

    const result = await source(server.baseUrl, 3).fetchWeather(FORECAST);

    // Call 1: 429, call 2: batch 1, call 3: batch 2; batch 3 has no call left.
    expect(result.calls).toBe(3);
    expect(result.rows).toHaveLength(4 * 48);
    expect(result.gaps).toEqual([
      {
        location: '43.26,-2.93',
        missingHours: 48,
        reason: expect.stringContaining('budget exhausted'),
      },
    ]);
  });
});
