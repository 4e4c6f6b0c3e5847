import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesWeatherSource } from '../../shared/adapters/weather-files/files-source.js';
import { InvalidInputError } from '../../shared/errors.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { ingestWeather } from '../../shared/pipelines/weather.js';
import { type WeatherSource } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { parseSuppliesCsv } from '../../shared/synth/supplies-csv.js';
import {
  createMemoryWeatherStore,
  type MemoryWeatherStore,
} from '../helpers/memory-weather-store.js';
import { writeSynthDir } from '../helpers/synth-dir.js';

// The small fleet covers local days 2024-03-25 .. 2024-04-03.
let dir = '';
let locations = 0;
/** A location of the generated fleet (which ones depends on the seeded draws). */
let place = '';

async function storeWithSupplies(): Promise<MemoryWeatherStore> {
  const store = createMemoryWeatherStore();
  const csv = readFileSync(join(dir, 'supplies.csv'), 'utf8');
  await store.upsertSupplies(parseSuppliesCsv(csv, 'supplies.csv'));
  return store;
}

beforeAll(async () => {
  dir = writeSynthDir();
  const supplies = await (await storeWithSupplies()).listSupplies();
  locations = new Set(supplies.map((s) => s.location)).size;
  place = supplies[0]?.location ?? '';
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deps(
  store: MemoryWeatherStore,
  now: number,
  source: WeatherSource = createFilesWeatherSource(dir),
) {
  return { store, source, logger: createCapturingLogger().logger, now: () => now };
}

describe('ingestWeather', () => {
  it('stores observations of the day before and the day, and the 10:00 forecast when replaying a past day', async () => {
    const store = await storeWithSupplies();

    const summary = await ingestWeather({ date: '2024-03-27' }, deps(store, Date.UTC(2026, 0, 1)));

    expect(summary.locations).toBe(locations);
    expect(summary.gaps).toEqual([]);
    expect(summary.partial).toBe(false);
    expect(summary.rows).toBe(locations * (48 + 48));
    expect(summary.inserted).toBe(summary.rows);
    const forecast = await store.weather(place, 'forecast', 0, Number.MAX_SAFE_INTEGER);
    // 10:00 CET (market time) on 27 March 2024 is 09:00Z.
    expect(new Set(forecast.map((r) => new Date(r.issuedAt).toISOString()))).toEqual(
      new Set(['2024-03-27T09:00:00.000Z']),
    );
    const observed = await store.weather(place, 'observed', 0, Number.MAX_SAFE_INTEGER);
    expect(new Date(observed[0]!.hourEnd).toISOString()).toBe('2024-03-26T00:00:00.000Z');
    expect(new Date(observed.at(-1)!.hourEnd).toISOString()).toBe('2024-03-27T23:00:00.000Z');
  });

  it('changes nothing when run twice', async () => {
    const store = await storeWithSupplies();
    await ingestWeather({ date: '2024-03-27' }, deps(store, Date.UTC(2026, 0, 1)));

    const again = await ingestWeather({ date: '2024-03-27' }, deps(store, Date.UTC(2026, 0, 1)));

    expect(again.inserted).toBe(0);
    expect(again.unchanged).toBe(again.rows);
  });

  it('fetches only the hours observed so far on the current day', async () => {
    const store = await storeWithSupplies();
    const now = Date.parse('2024-03-28T12:30:00Z');

    const summary = await ingestWeather({ kinds: ['observed'] }, deps(store, now));

    expect(summary.date).toBe('2024-03-28');
    // 27 March (24 h) plus 28 March until 12:00Z (13 h since 23:00Z).
    expect(summary.rows).toBe(locations * (24 + 13));
  });

  it('skips forecasts of past days from a source that only has the current one', async () => {
    const store = await storeWithSupplies();
    const live: WeatherSource = { ...createFilesWeatherSource(dir), historicalForecasts: false };

    const summary = await ingestWeather(
      { date: '2024-03-27', kinds: ['forecast'] },
      deps(store, Date.UTC(2026, 0, 1), live),
    );

    expect(summary.rows).toBe(0);
    expect(summary.skipped).toEqual([expect.stringContaining('no forecasts issued on past days')]);
  });

  it('reports the hours a source could not give as gaps and stores the rest', async () => {
    const store = await storeWithSupplies();

    // The generated forecasts stop at the end of 3 April, inside the 48 hours issued that day.
    const summary = await ingestWeather(
      { date: '2024-04-03', kinds: ['forecast'] },
      deps(store, Date.UTC(2026, 0, 1)),
    );

    expect(summary.partial).toBe(true);
    expect(summary.gaps).toHaveLength(locations);
    expect(summary.gaps[0]!.missingHours).toBeGreaterThan(0);
    expect(summary.rows).toBe(
      locations * 48 - summary.gaps.reduce((a, g) => a + g.missingHours, 0),
    );
  });

  it.each([
    [{ date: '27/03/2024' }, 'is not YYYY-MM-DD'],
    [{ date: '2024-03-29' }, 'is in the future'],
    [{ date: '2024-03-27', source: 'openweather' as const }, 'but the source is files'],
  ])('refuses %j', async (input, message) => {
    const store = await storeWithSupplies();

    const act = ingestWeather(input, deps(store, Date.parse('2024-03-28T12:00:00Z')));

    await expect(act).rejects.toThrow(InvalidInputError);
    await expect(
      ingestWeather(input, deps(store, Date.parse('2024-03-28T12:00:00Z'))),
    ).rejects.toThrow(message);
  });

  it('stores the same rows in the SQLite store, idempotently', async () => {
    const store = await openStore({
      storeUrl: 'sqlite::memory:',
      mongoDb: 'x',
      mongoPredCol: 'p',
      mongoMeteoCol: 'w',
    });
    try {
      await store.upsertSupplies(
        parseSuppliesCsv(readFileSync(join(dir, 'supplies.csv'), 'utf8'), 'supplies.csv'),
      );
      const d = { ...deps(createMemoryWeatherStore(), Date.UTC(2026, 0, 1)), store };

      const first = await ingestWeather({ date: '2024-03-27' }, d);
      const again = await ingestWeather({ date: '2024-03-27' }, d);

      expect(first.inserted).toBe(locations * 96);
      expect(again.unchanged).toBe(locations * 96);
      const rows = await store.weather(place, 'forecast', 0, Number.MAX_SAFE_INTEGER);
      expect(rows).toHaveLength(48);
      expect(rows[0]).toEqual(
        expect.objectContaining({
          kind: 'forecast',
          source: 'synthetic',
          issuedAt: Date.parse('2024-03-27T09:00:00Z'),
        }),
      );
    } finally {
      await store.close();
    }
  });

  it('does nothing when no supply has a location', async () => {
    const summary = await ingestWeather(
      { date: '2024-03-27' },
      deps(createMemoryWeatherStore(), Date.UTC(2026, 0, 1)),
    );

    expect(summary.rows).toBe(0);
    expect(summary.skipped).toEqual(['no supply has a location']);
  });
});
