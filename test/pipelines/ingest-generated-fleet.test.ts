import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../shared/logging.js';
import { type IngestResult, ingestMeterFile } from '../../shared/pipelines/ingest.js';
import { type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { parseSuppliesCsv } from '../../shared/synth/supplies-csv.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { createMemoryObjects } from '../helpers/memory-objects.js';
import { createMemoryScratch } from '../helpers/memory-scratch.js';
import { parseAll } from '../helpers/parse.js';
import { generateInMemory, textOf } from '../helpers/synth-fleet.js';

// A fleet over the March DST change: P5D daily and the F5D of March (F5D replaces P5D).
const files = generateInMemory({ supplies: 10, from: '2024-03-01', to: '2024-04-10', seed: 9 });
const meterPaths = [...files.keys()].filter((p) => p.startsWith('metering/')).sort();
let dir: string;

async function ingestAll(paths: readonly string[], store: Store): Promise<IngestResult[]> {
  const objects = createMemoryObjects();
  const deps = {
    store,
    objects,
    blobs: createMemoryBlobStore(),
    openScratch: createMemoryScratch(),
    logger: createCapturingLogger().logger,
    now: () => Date.UTC(2024, 5, 1),
    zoneOverrides: {},
    maxInflateBytes: 1e9,
    maxReadingWh: 1e9,
  };
  const results: IngestResult[] = [];
  for (const path of paths) {
    const generation = objects.put('raw', path, files.get(path)!);
    results.push(await ingestMeterFile({ bucket: 'raw', object: path, generation }, deps));
  }
  return results;
}

async function snapshot(store: Store): Promise<string[]> {
  const rows: string[] = [];
  for await (const r of store.readingsBetween(0, Date.UTC(2030, 0))) {
    rows.push(`${r.cups}|${r.hourEnd}|${r.wh}|${r.kind}|${r.fileDate}.${r.version}`);
  }
  return rows.sort();
}

const open = (name: string) =>
  openStore({
    storeUrl: `sqlite:${join(dir, name)}`,
    mongoDb: 'x',
    mongoPredCol: 'p',
    mongoMeteoCol: 'w',
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mce-fleet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingesting a generated fleet', () => {
  it('stores every file without a refused line, complete for the month F5D closed', async () => {
    const store = await open('a.db');
    await store.upsertSupplies(parseSuppliesCsv(textOf(files, 'supplies.csv'), 'supplies.csv'));

    const results = await ingestAll(meterPaths, store);

    expect(results.map((r) => r.status)).toEqual(meterPaths.map(() => 'ingested'));
    expect(results.reduce((n, r) => n + r.rejected + r.warnings, 0)).toBe(0);
    const kinds = new Set(meterPaths.map((p) => basename(p).split('_')[0]));
    expect(kinds).toEqual(new Set(['P5D', 'F5D']));
    const supplies = await store.listSupplies();
    expect(supplies).toHaveLength(10);
    for (const s of supplies) {
      // March 2024 in Madrid (or the Canaries) has 743 hours: the F5D of March covers them all.
      const start = s.zone === 'Atlantic/Canary' ? Date.UTC(2024, 2, 1) : Date.UTC(2024, 1, 29, 23);
      const march = await store.readings(s.cups, start, start + 743 * 3_600_000);
      expect(march).toHaveLength(743);
      expect(march.every((r) => r.kind !== 'P5D')).toBe(true);
      expect(s.location).not.toBeNull();
      expect(s.firstReading).toBe(start + 3_600_000);
    }
    await store.close();
  });

  it('records when each hour first arrived: the earliest file that carried it, in any order', async () => {
    // Expected from the files themselves: per (cups, hour), the earliest generation date.
    const expected = new Map<string, number>();
    for (const path of meterPaths) {
      const parsed = await parseAll(files.get(path)!, { fileName: basename(path) });
      for (const r of parsed.readings) {
        const key = `${r.cups}|${r.hourEnd}`;
        expected.set(key, Math.min(expected.get(key) ?? Number.POSITIVE_INFINITY, r.fileDate));
      }
    }
    const store = await open('known.db');

    await ingestAll([...meterPaths].reverse(), store); // the monthly files before the daily ones

    const known = new Map<string, number>();
    for await (const r of store.readingsBetween(0, Date.UTC(2030, 0))) {
      known.set(`${r.cups}|${r.hourEnd}`, r.knownDate ?? Number.NaN);
    }
    expect(known).toEqual(expected);
    // Some hours came only with the monthly F5D (a daily P5D missed them): known from its date.
    const f5dDates = new Set(
      meterPaths
        .map((p) => basename(p).split('_'))
        .filter(([kind]) => kind === 'F5D')
        .map((parts) => Number(parts[3]?.slice(0, 8))),
    );
    expect([...known.values()].filter((d) => f5dDates.has(d)).length).toBeGreaterThan(0);
    await store.close();
  });

  it('ends in the same table in reverse order and when every file arrives twice', async () => {
    const forward = await open('forward.db');
    const backward = await open('backward.db');

    await ingestAll(meterPaths, forward);
    await ingestAll([...meterPaths].reverse(), backward);
    await ingestAll(meterPaths, backward);

    expect(await snapshot(backward)).toEqual(await snapshot(forward));
    await forward.close();
    await backward.close();
  });
});
