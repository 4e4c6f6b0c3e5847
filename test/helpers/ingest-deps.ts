import { createCapturingLogger } from '../../shared/logging.js';
import { type IngestDeps } from '../../shared/pipelines/ingest.js';
import { type Store } from '../../shared/ports.js';
import { latin1 } from './compress.js';
import { createMemoryBlobStore } from './memory-blob-store.js';
import { createMemoryObjects } from './memory-objects.js';
import { createMemoryScratch } from './memory-scratch.js';

/** Ingestion over `store` with uploads, blobs and scratch in memory; `upload` puts an object. */
export function memoryIngest(store: Store, overrides: Partial<IngestDeps> = {}) {
  const objects = createMemoryObjects();
  const blobs = createMemoryBlobStore();
  const scratch = createMemoryScratch();
  const deps: IngestDeps = {
    store,
    objects,
    blobs,
    openScratch: scratch,
    logger: createCapturingLogger().logger,
    now: () => Date.UTC(2024, 5, 1),
    zoneOverrides: {},
    maxInflateBytes: 50_000_000,
    maxReadingWh: 1e9,
    ...overrides,
  };
  const upload = (object: string, content: string | Uint8Array, bucket = 'raw') => ({
    bucket,
    object,
    generation: objects.put(
      bucket,
      object,
      typeof content === 'string' ? latin1(content) : content,
    ),
  });
  /** The quarantine report at `path`, parsed. */
  const report = async (path: string | undefined) => {
    const blob = path === undefined ? undefined : await blobs.get(path);
    return blob ? JSON.parse(Buffer.from(blob.bytes).toString()) : undefined;
  };
  return { deps, objects, blobs, scratch, upload, report };
}

/** `store`, except that storing a file's readings fails at its `batch`-th batch (a crash). */
export function crashingStore(store: Store, batch: number, message = 'process killed'): Store {
  return {
    ...store,
    upsertReadingBatches: (batches) =>
      store.upsertReadingBatches(
        (async function* () {
          let n = 0;
          for await (const b of batches) {
            if (++n === batch) throw new Error(message);
            yield b;
          }
        })(),
      ),
  };
}
