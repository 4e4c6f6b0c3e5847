import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handle, type IngestHandlerDeps } from '../../functions/ingest-meter-file/index.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { latin1 } from '../helpers/compress.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { createMemoryObjects } from '../helpers/memory-objects.js';
import { createMemoryScratch } from '../helpers/memory-scratch.js';
import { meterFileText } from '../helpers/meter-files.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/events/gcs-finalize-push.json', import.meta.url),
  'utf8',
);
const PUBLISHED = Date.parse('2024-03-01T10:15:00.000Z');

let dir: string;
let store: Store;
let objects: ReturnType<typeof createMemoryObjects>;
let captured: ReturnType<typeof createCapturingLogger>;

function event(generation: string, attributes: Record<string, string> = {}) {
  const e = JSON.parse(FIXTURE.replace('GENERATION', generation));
  Object.assign(e.data.message.attributes, attributes);
  return e;
}

function deps(now = PUBLISHED + 60_000): IngestHandlerDeps {
  return {
    store,
    objects,
    blobs: createMemoryBlobStore(),
    openScratch: createMemoryScratch(),
    logger: captured.logger,
    now: () => now,
    zoneOverrides: {},
    maxInflateBytes: 10_000_000,
    maxReadingWh: 1e9,
    maxEventAgeMs: 3_600_000,
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mce-fn-'));
  store = await openStore({
    storeUrl: `sqlite:${join(dir, 'db')}`,
    mongoDb: 'x',
    mongoPredCol: 'p',
    mongoMeteoCol: 'w',
  });
  objects = createMemoryObjects();
  captured = createCapturingLogger({ pseudonymKey: 'test-key' });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest-meter-file handle', () => {
  it('ingests the object a finalize notification names, once', async () => {
    const text = meterFileText('F5D', [1], Date.UTC(2024, 1, 1), 24, () => 3);
    const generation = objects.put('raw', 'F5D_0021_0762_20240301.0', latin1(text));

    const first = await handle(event(generation), deps());
    const second = await handle(event(generation), deps());

    expect(first?.status).toBe('ingested');
    expect(second?.status).toBe('already-ingested');
    expect(await store.countReadings()).toBe(24);
  });

  it('acknowledges a bad file without throwing, so Pub/Sub does not retry it', async () => {
    const generation = objects.put(
      'raw',
      'F5D_0021_0762_20240301.0',
      latin1('not;a;metering;file\n'),
    );

    const result = await handle(event(generation), deps());

    expect(result?.status).toBe('rejected');
    expect(captured.lines.some((l) => l.severity === 'ERROR' && l.message === 'file refused')).toBe(
      true,
    );
  });

  it('drops an event older than the configured age', async () => {
    const generation = objects.put(
      'raw',
      'F5D_0021_0762_20240301.0',
      latin1(meterFileText('F5D', [1], Date.UTC(2024, 1, 1), 2, () => 3)),
    );

    const result = await handle(event(generation), deps(PUBLISHED + 2 * 3_600_000));

    expect(result).toBeUndefined();
    expect(await store.countReadings()).toBe(0);
    expect(captured.lines.at(-1)).toMatchObject({
      severity: 'WARNING',
      message: 'event too old; dropped',
    });
  });

  it('acknowledges a message that is not a GCS notification', async () => {
    const e = event('12');
    delete e.data.message.attributes.objectId;

    expect(await handle(e, deps())).toBeUndefined();
    expect(captured.lines.at(-1)).toMatchObject({ severity: 'ERROR' });
  });

  it('ignores deletions and metadata updates', async () => {
    expect(await handle(event('12', { eventType: 'OBJECT_DELETE' }), deps())).toBeUndefined();
  });

  it('rethrows a transient failure so that Pub/Sub redelivers', async () => {
    const generation = objects.put(
      'raw',
      'F5D_0021_0762_20240301.0',
      latin1(meterFileText('F5D', [1], Date.UTC(2024, 1, 1), 2, () => 3)),
    );
    const broken = {
      ...deps(),
      store: { ...store, getFile: async () => Promise.reject(new Error('connection reset')) },
    };

    await expect(handle(event(generation), broken)).rejects.toThrow('connection reset');
  });

  it('never writes a CUPS in clear in its logs', async () => {
    const text = meterFileText('F5D', [1], Date.UTC(2024, 1, 1), 2, () => 3);
    const generation = objects.put(
      'raw',
      'F5D_0021_0762_20240301.0',
      latin1(`${text}ES0021000000000001XX;bad\n`),
    );

    await handle(event(generation), deps());

    expect(JSON.stringify(captured.lines)).not.toMatch(/ES\d{16}/);
  });
});
