import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../shared/errors.js';
import { type IngestDeps, ingestMeterFile, quarantinePath } from '../../shared/pipelines/ingest.js';
import { type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { gzip, latin1 } from '../helpers/compress.js';
import { crashingStore, memoryIngest } from '../helpers/ingest-deps.js';
import { HOUR_MS, meterFileText, testCups } from '../helpers/meter-files.js';

const T0 = Date.UTC(2024, 0, 31, 23); // local midnight starting 2024-02-01
const BUCKET = 'raw';

let dir: string;
let store: Store;
let ingest: ReturnType<typeof memoryIngest>;
let blobs: ReturnType<typeof memoryIngest>['blobs'];
let objects: ReturnType<typeof memoryIngest>['objects'];

const deps = (overrides: Partial<IngestDeps> = {}): IngestDeps => ({
  ...ingest.deps,
  store, // the current one: a test may open another
  ...overrides,
});
const upload = async (object: string, content: string | Uint8Array) =>
  ingest.upload(object, content, BUCKET);

async function table(s: Store = store): Promise<string[]> {
  const rows: string[] = [];
  for await (const r of s.readingsBetween(0, Date.UTC(2100, 0))) {
    rows.push(`${r.cups}|${r.hourEnd}|${r.wh}|${r.kind}|${r.fileDate}|${r.version}`);
  }
  return rows.sort();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mce-ingest-'));
  store = await openStore({
    storeUrl: `sqlite:${join(dir, 'mce.db')}`,
    mongoDb: 'x',
    mongoPredCol: 'p',
    mongoMeteoCol: 'w',
  });
  ingest = memoryIngest(store);
  ({ blobs, objects } = ingest);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestMeterFile', () => {
  it('stores every reading, updates supplies and marks the file done', async () => {
    const file = await upload(
      'in/F5D_0021_0762_20240301.0',
      meterFileText('F5D', [1, 2], T0, 48, (s, h) => s * 1000 + h),
    );

    const result = await ingestMeterFile(file, deps());

    expect(result).toMatchObject({
      status: 'ingested',
      readings: 96,
      inserted: 96,
      replaced: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(await store.countReadings()).toBe(96);
    expect(await store.getSupply(testCups(2))).toMatchObject({
      zone: 'Europe/Madrid',
      firstReading: T0 + HOUR_MS,
      lastReading: T0 + 48 * HOUR_MS,
    });
    expect(await store.getFile(BUCKET, file.object, file.generation)).toMatchObject({
      status: 'done',
      kind: 'F5D',
      rowsOk: 96,
    });
  });

  it('changes nothing and says so when the same event is delivered again', async () => {
    const file = await upload(
      'F5D_0021_0762_20240301.0',
      meterFileText('F5D', [1], T0, 24, () => 5),
    );
    await ingestMeterFile(file, deps());
    const before = await table();
    const readsBefore = objects.reads;

    const again = await ingestMeterFile(file, deps());

    expect(again.status).toBe('already-ingested');
    expect(objects.reads).toBe(readsBefore);
    expect(await table()).toEqual(before);
  });

  it('recognises an identical re-upload (new generation, same bytes) as a duplicate', async () => {
    const text = meterFileText('F5D', [1], T0, 24, () => 5);
    await ingestMeterFile(await upload('F5D_0021_0762_20240301.0', text), deps());
    const reupload = await upload('F5D_0021_0762_20240301.0', text);

    const result = await ingestMeterFile(reupload, deps());

    expect(result.status).toBe('duplicate');
    expect(result.message).toMatch(/identical to raw\/F5D_0021_0762_20240301.0#/);
    expect(await store.getFile(BUCKET, reupload.object, reupload.generation)).toMatchObject({
      status: 'done',
    });
    expect(await store.countReadings()).toBe(24);
  });
});

describe('ingestMeterFile: precedence', () => {
  const sources = () =>
    [
      ['P5D_0021_0762_20240202.0', meterFileText('P5D', [1], T0, 24, (_, h) => 100 + h)],
      ['F5D_0021_0762_20240305.0', meterFileText('F5D', [1], T0, 24, (_, h) => 200 + h)],
      ['F5D_0021_0762_20240305.1', meterFileText('F5D', [1], T0, 12, (_, h) => 300 + h)],
      ['F5D_0021_0762_20240301.4', meterFileText('F5D', [1], T0, 24, (_, h) => 400 + h)],
      [
        'RF5D_0021_0762_20240310.0',
        meterFileText('RF5D', [1], T0 + 18 * HOUR_MS, 6, (_, h) => 500 + h),
      ],
    ] as const;

  it('keeps RF5D over F5D over P5D, then the later file, then the higher version', async () => {
    for (const [name, text] of sources()) await ingestMeterFile(await upload(name, text), deps());

    const wh = (await store.readings(testCups(1), T0, T0 + 24 * HOUR_MS)).map((r) => r.wh);

    // Hours 1-12: F5D 20240305 v1; 13-18: F5D 20240305 v0; 19-24: RF5D.
    expect(wh).toEqual([
      ...Array.from({ length: 12 }, (_, h) => 300 + h),
      ...Array.from({ length: 6 }, (_, h) => 212 + h),
      ...Array.from({ length: 6 }, (_, h) => 500 + h),
    ]);
  });

  it('ends in the same table whatever the arrival order, and when files arrive twice', async () => {
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 4, 0, 3, 1, 0, 4],
    ];
    const tables: string[][] = [];
    for (const order of orders) {
      await store.close();
      rmSync(join(dir, 'mce.db'), { force: true });
      store = await openStore({
        storeUrl: `sqlite:${join(dir, `mce-${tables.length}.db`)}`,
        mongoDb: 'x',
        mongoPredCol: 'p',
        mongoMeteoCol: 'w',
      });
      for (const i of order) {
        const [name, text] = sources()[i]!;
        await ingestMeterFile(await upload(name, text), deps());
      }
      tables.push(await table());
    }

    expect(tables[1]).toEqual(tables[0]);
    expect(tables[2]).toEqual(tables[0]);
    expect(tables[0]).toHaveLength(24);
  });
});

describe('ingestMeterFile: failures', () => {
  it('stores nothing when killed mid-store, leaves the file retryable, and ends as a clean run', async () => {
    const text = meterFileText('F5D', [1, 2, 3, 4], T0, 24 * 200, (s, h) => s + h);
    const file = await upload('F5D_0021_0762_20240401.0', text);
    const crashing = crashingStore(store, 2);

    await expect(ingestMeterFile(file, deps({ store: crashing }))).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(await store.getFile(BUCKET, file.object, file.generation)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/interrupted \(process killed\)/),
    });
    expect(await store.countReadings()).toBe(0); // one transaction per file on SQLite
    const redelivered = await ingestMeterFile(file, deps());

    expect(redelivered).toMatchObject({ status: 'ingested', readings: 4 * 24 * 200 });
    expect(redelivered.inserted).toBe(4 * 24 * 200);
    const clean = await openStore({
      storeUrl: `sqlite:${join(dir, 'clean.db')}`,
      mongoDb: 'x',
      mongoPredCol: 'p',
      mongoMeteoCol: 'w',
    });
    await ingestMeterFile(file, deps({ store: clean }));
    expect(await table()).toEqual(await table(clean));
    await clean.close();
  });

  it('quarantines refused lines with line, field and reason, and still stores the good ones', async () => {
    const good = meterFileText('F5D', [1], T0, 3, () => 7)
      .trim()
      .split('\r\n');
    const text = [good[0], good[1]!.replace(';1;1;FAC;', ';9;1;FAC;'), 'garbage', good[2]].join(
      '\n',
    );
    const file = await upload('F5D_0021_0762_20240301.0', text);

    const result = await ingestMeterFile(file, deps());

    expect(result).toMatchObject({
      status: 'ingested',
      readings: 2,
      rejected: 2,
      quarantine: quarantinePath(file.object, file.generation),
    });
    const report = JSON.parse(
      Buffer.from(
        (await blobs.get(quarantinePath(file.object, file.generation)))!.bytes,
      ).toString(),
    );
    expect(report.lines).toEqual([
      expect.objectContaining({ line: 2, field: 'method' }),
      expect.objectContaining({ line: 3, field: 'fields' }),
    ]);
    expect(await store.countReadings()).toBe(2);
  });

  it.each([
    ['a 0-byte file', () => new Uint8Array(0), /empty/],
    ['a file of only bad lines', () => latin1('a;b;c\nnope\n'), /no valid line \(2 rejected\)/],
    ['a zip bomb', () => gzip(new Uint8Array(60_000_000).fill(10)), /refusing to inflate/],
  ])(
    'refuses %s whole, storing nothing, and again when delivered again',
    async (_, make, message) => {
      const file = await upload('F5D_0021_0762_20240301.0', make());

      const result = await ingestMeterFile(file, deps());
      const again = await ingestMeterFile(file, deps());

      expect(result.status).toBe('rejected');
      expect(result.message).toMatch(message);
      expect(await store.getFile(BUCKET, file.object, file.generation)).toMatchObject({
        status: 'failed',
      });
      const report = JSON.parse(
        Buffer.from(
          (await blobs.get(quarantinePath(file.object, file.generation)))!.bytes,
        ).toString(),
      );
      expect(report.error).toMatch(message);
      expect(report.readingsStored).toBe(0);
      expect(again.status).toBe('rejected');
      expect(await store.countReadings()).toBe(0);
    },
  );

  it('refuses a huge line and keeps the lines around it', async () => {
    const good = meterFileText('F5D', [1], T0, 2, () => 7)
      .trim()
      .split('\r\n');
    const file = await upload(
      'F5D_0021_0762_20240301.0',
      `${good[0]}\n${'x;'.repeat(2_000_000)}\n${good[1]}\n`,
    );

    const result = await ingestMeterFile(file, deps());

    expect(result).toMatchObject({ status: 'ingested', readings: 2, rejected: 1 });
  });

  it('skips an object generation that no longer exists', async () => {
    const result = await ingestMeterFile(
      { bucket: BUCKET, object: 'F5D_0021_0762_20240301.0', generation: '1' },
      deps(),
    );

    expect(result.status).toBe('missing');
  });
});

describe('ingestMeterFile: same bytes, another name', () => {
  it('ingests an RF5D that repeats an F5D byte for byte, since its kind outranks it', async () => {
    const text = meterFileText('F5D', [1], T0, 24, () => 5);
    await ingestMeterFile(await upload('F5D_0021_0762_20240301.0', text), deps());

    const result = await ingestMeterFile(await upload('RF5D_0021_0762_20240301.0', text), deps());

    expect(result).toMatchObject({ status: 'ingested', replaced: 24 });
    const kinds = new Set(
      (await store.readings(testCups(1), T0, T0 + 24 * HOUR_MS)).map((r) => r.kind),
    );
    expect(kinds).toEqual(new Set(['RF5D']));
  });
});
