import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestWeatherLines } from '../../shared/pipelines/ingest-weather-file.js';
import { type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';

let dir: string;
let store: Store;

async function* lines(...items: string[]): AsyncGenerator<string> {
  yield* items;
}

const row = (hour: number, t: number) =>
  JSON.stringify({
    location: '40.42,-3.70',
    hourEnd: new Date(Date.UTC(2024, 0, 1, hour)).toISOString(),
    kind: 'observed',
    issuedAt: new Date(Date.UTC(2024, 0, 1, hour)).toISOString(),
    temperatureC: t,
    humidityPct: 50,
    cloudPct: 10,
    windMs: 2,
    radiationWm2: 0,
    source: 'synthetic',
  });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mce-wx-'));
  store = await openStore({
    storeUrl: `sqlite:${join(dir, 'db')}`,
    mongoDb: 'x',
    mongoPredCol: 'p',
    mongoMeteoCol: 'w',
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestWeatherLines', () => {
  it('upserts every row, and a second pass changes nothing', async () => {
    const first = await ingestWeatherLines(
      lines(row(1, 5), '', row(2, 6)),
      'observed.jsonl',
      store,
    );
    const again = await ingestWeatherLines(lines(row(1, 5), row(2, 6)), 'observed.jsonl', store);

    expect(first).toMatchObject({ rows: 2, inserted: 2 });
    expect(again).toMatchObject({ rows: 2, inserted: 0, replaced: 0, unchanged: 2 });
    const stored = await store.weather('40.42,-3.70', 'observed', 0, Date.UTC(2025, 0));
    expect(stored.map((r) => r.temperatureC)).toEqual([5, 6]);
  });

  it('refuses a malformed row naming file, line and field, and keeps the others', async () => {
    const counts = await ingestWeatherLines(
      lines(row(1, 5), '{"location":1}', 'not json', row(2, 6)),
      'observed.jsonl',
      store,
    );

    expect(counts).toMatchObject({ rows: 2, inserted: 2 });
    expect(counts.refused).toEqual([
      {
        file: 'observed.jsonl',
        line: 2,
        field: 'location',
        reason: 'observed.jsonl line 2: field "location" must be a string',
      },
      {
        file: 'observed.jsonl',
        line: 3,
        field: 'line',
        reason: 'observed.jsonl line 3: field "line" is not JSON',
      },
    ]);
  });
});
