import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import {
  createLocalObjectSource,
  LOCAL_BUCKET,
  localGeneration,
} from '../../shared/adapters/files/object-source.js';
import { createFileScratch } from '../../shared/adapters/files/scratch.js';
import { DEFAULT_MAX_READING_WH } from '../../shared/config.js';
import { createLogger } from '../../shared/logging.js';
import { ingestMeterFile } from '../../shared/pipelines/ingest.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { reportMeasurement } from '../harness.js';

// Subject: the full ingestion pipeline (hash, parse into a scratch spool, precedence upserts from
// it in one unit, supplies, ledger) of one
// file into a fresh store: `sqlite` (a new file) or a MongoDB URL (a new database).
const [path = '', target = 'sqlite'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'mce-bench-ingest-'));
const storeUrl = target === 'sqlite' ? `sqlite:${join(dir, 'mce.db')}` : target;
const store = await openStore({
  storeUrl,
  mongoDb: `bench_${process.pid}`,
  mongoPredCol: 'predictions',
  mongoMeteoCol: 'weather',
});
const started = performance.now();
const result = await ingestMeterFile(
  { bucket: LOCAL_BUCKET, object: path, generation: await localGeneration(path) },
  {
    store,
    objects: createLocalObjectSource(),
    blobs: createFileBlobStore(join(dir, 'blobs')),
    openScratch: createFileScratch(dir),
    logger: createLogger({ minSeverity: 'ERROR' }),
    now: () => Date.now(),
    zoneOverrides: {},
    maxInflateBytes: 2 ** 31,
    maxReadingWh: DEFAULT_MAX_READING_WH,
  },
);
const seconds = (performance.now() - started) / 1000;
await store.close();
rmSync(dir, { recursive: true, force: true });
reportMeasurement(result.readings / seconds, 'rows/s', {
  readings: result.readings,
  inserted: result.inserted,
  seconds,
});
