import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle, type WeatherHandlerDeps } from '../../functions/ingest-weather/index.js';
import { createFilesWeatherSource } from '../../shared/adapters/weather-files/files-source.js';
import { TransientError } from '../../shared/errors.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { type WeatherSource } from '../../shared/ports.js';
import { parseSuppliesCsv } from '../../shared/synth/supplies-csv.js';
import { createMemoryWeatherStore } from '../helpers/memory-weather-store.js';
import { writeSynthDir } from '../helpers/synth-dir.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/events/weather-tick-push.json', import.meta.url),
  'utf8',
);
const PUBLISHED = Date.parse('2024-03-28T09:00:00.000Z');
let dir = '';

/** The fixture tick, with an optional JSON body. */
function tick(body?: unknown) {
  const e = JSON.parse(FIXTURE);
  if (body !== undefined)
    e.data.message.data = Buffer.from(JSON.stringify(body)).toString('base64');
  return e;
}

async function deps(now = PUBLISHED + 60_000, source?: WeatherSource) {
  const store = createMemoryWeatherStore();
  await store.upsertSupplies(
    parseSuppliesCsv(readFileSync(join(dir, 'supplies.csv'), 'utf8'), 'supplies.csv'),
  );
  const captured = createCapturingLogger();
  const d: WeatherHandlerDeps = {
    store,
    logger: captured.logger,
    now: () => now,
    openSource: () => source ?? createFilesWeatherSource(dir),
    maxEventAgeMs: 3_600_000,
  };
  return { d, store, lines: captured.lines };
}

beforeAll(() => {
  dir = writeSynthDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest-weather handle', () => {
  it('ingests the day of the tick and logs one summary', async () => {
    const { d, store, lines } = await deps();

    const summary = await handle(tick(), d);

    expect(summary?.date).toBe('2024-03-28');
    expect(summary?.rows).toBeGreaterThan(0);
    expect(store.rows.size).toBe(summary?.rows);
    expect(lines.filter((l) => l.message === 'weather ingested')).toEqual([
      expect.objectContaining({ severity: 'INFO', eventId: '99887766554433', date: '2024-03-28' }),
    ]);
  });

  it('takes the date and kinds from the message body', async () => {
    const { d } = await deps();

    const summary = await handle(tick({ date: '2024-03-27', kinds: ['observed'] }), d);

    expect(summary?.kinds).toEqual(['observed']);
    expect(summary?.date).toBe('2024-03-27');
  });

  it('drops an event older than maxEventAgeMs', async () => {
    const { d, store, lines } = await deps(PUBLISHED + 3_600_001);

    const summary = await handle(tick(), d);

    expect(summary).toBeUndefined();
    expect(store.rows.size).toBe(0);
    expect(lines).toEqual([
      expect.objectContaining({ severity: 'WARNING', message: 'event too old; dropped' }),
    ]);
  });

  it('acknowledges a permanent failure with an ERROR log instead of throwing', async () => {
    const { d, lines } = await deps();

    const summary = await handle(tick({ date: 'tomorrow' }), d);

    expect(summary).toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({ severity: 'ERROR', message: 'permanent failure acknowledged' }),
    ]);
  });

  it('rethrows a transient failure so Pub/Sub redelivers', async () => {
    const failing: WeatherSource = {
      name: 'open-meteo',
      historicalForecasts: false,
      fetchWeather: async () => {
        throw new TransientError('store unreachable');
      },
    };
    const { d } = await deps(PUBLISHED + 60_000, failing);

    await expect(handle(tick(), d)).rejects.toThrow('store unreachable');
  });

  it('acknowledges a tick whose body is not a valid weather tick', async () => {
    const { d, lines } = await deps();

    const summary = await handle(tick({ kinds: ['rain'] }), d);

    expect(summary).toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({ severity: 'ERROR', message: 'malformed event acknowledged' }),
    ]);
  });

  it('acknowledges an event that is not a Pub/Sub message', async () => {
    const { d, lines } = await deps();

    const summary = await handle({ id: 'x', data: {} }, d);

    expect(summary).toBeUndefined();
    expect(lines[0]).toEqual(
      expect.objectContaining({ severity: 'ERROR', message: 'malformed event acknowledged' }),
    );
  });
});
