import { type Zone } from '../calendar/zone.js';
import { AppError, TransientError } from '../errors.js';
import { zoneForCups } from '../f5d/supply-zone.js';
import { type Logger } from '../logging.js';
import {
  type BlobStore,
  type Clock,
  type ObjectSource,
  type OpenScratch,
  type Store,
  type StoredObject,
  type SupplyPatch,
} from '../ports.js';
import { type FileRecord } from '../types.js';
import { hashingReader } from './hashing-reader.js';
import {
  emptyResult,
  type IngestInput,
  type IngestResult,
  type LineLog,
  logOutcome,
  MAX_REPORTED_LINES,
  writeQuarantine,
} from './ingest-report.js';
import { type ReadingSpool } from './reading-spool.js';
import { spoolMeterFile } from './spool-meter-file.js';

export {
  type IngestInput,
  type IngestResult,
  type IngestStatus,
  quarantinePath,
} from './ingest-report.js';

export interface IngestDeps {
  store: Store;
  objects: ObjectSource;
  /** Where quarantine reports go (`quarantine/<object>/<generation>.json`). */
  blobs: BlobStore;
  /** Local scratch where a file's readings wait until the whole file has passed. */
  openScratch: OpenScratch;
  logger: Logger;
  now: Clock;
  zoneOverrides: Readonly<Record<string, Zone>>;
  maxInflateBytes: number;
  /** Energies above this many Wh are refused as implausible. */
  maxReadingWh: number;
  /** Called as the file is read with the readings validated so far. */
  onProgress?: (readingsSoFar: number) => void;
}

/** Readings per batch handed to the store. */
const BATCH = 5_000;

const baseName = (object: string) => object.slice(object.lastIndexOf('/') + 1);
const sameKey = (a: IngestInput, b: IngestInput) =>
  a.bucket === b.bucket && a.object === b.object && a.generation === b.generation;

/**
 * Ingests one metering file generation exactly once, whole or not at all. A ledger keyed by
 * (bucket, object, generation) makes a redelivery of a done file a no-op before any read. One
 * pass over the bytes validates the file into local scratch and computes its sha256; only a file
 * that passed is then stored (refused lines aside, listed in a quarantine report). The ledger is
 * written last, so a run killed anywhere and run again ends as a clean run. A refused file stores
 * nothing and is tried again when delivered again (say, after raising MCE_MAX_INFLATE_BYTES); a
 * transient failure marks the file failed, ready for the retry.
 * @throws TransientError (and store errors) when a retry may help; a bad file is not thrown
 */
export async function ingestMeterFile(input: IngestInput, deps: IngestDeps): Promise<IngestResult> {
  const log = deps.logger.child({ ...input });
  const known = await deps.store.getFile(input.bucket, input.object, input.generation);
  if (known?.status === 'done') {
    const result = emptyResult(input, 'already-ingested', alreadyDone(known));
    logOutcome(result, log);
    return result;
  }
  const object = await deps.objects.open(input.bucket, input.object, input.generation);
  if (!object) {
    log.warn('object generation no longer exists; skipped');
    return emptyResult(input, 'missing', 'the object generation no longer exists');
  }
  const record: FileRecord = {
    ...input,
    sha256: '',
    kind: null,
    status: 'processing',
    rowsOk: 0,
    rowsRejected: 0,
    updatedAt: deps.now(),
    error: null,
  };
  await deps.store.putFile(record);
  try {
    const result = await ingestObject(input, object, record, deps);
    logOutcome(result, log);
    return result;
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const note = `interrupted (${reason}); the next delivery tries again`;
    await deps.store
      .putFile({ ...record, status: 'failed', updatedAt: deps.now(), error: note })
      .catch(() => undefined); // the store may be what failed: the record then stays 'processing'
    throw asRetryable(error);
  }
}

function alreadyDone(record: FileRecord): string {
  return `already done at ${new Date(record.updatedAt).toISOString()}`;
}

async function ingestObject(
  input: IngestInput,
  object: StoredObject,
  record: FileRecord,
  deps: IngestDeps,
): Promise<IngestResult> {
  const { store } = deps;
  const lines: LineLog = { rejections: [], warnings: [] };
  const scratch = await deps.openScratch();
  try {
    const reader = hashingReader(object);
    const spooled = await spoolMeterFile(
      reader.chunks,
      {
        fileName: input.object,
        zoneOverrides: deps.zoneOverrides,
        maxInflateBytes: deps.maxInflateBytes,
        maxReadingWh: deps.maxReadingWh,
        uploadedAt: object.uploadedAt,
      },
      scratch,
      {
        rejected: (r) => lines.rejections.length < MAX_REPORTED_LINES && lines.rejections.push(r),
        warned: (w) => lines.warnings.length < MAX_REPORTED_LINES && lines.warnings.push(w),
        ...(deps.onProgress ? { progress: deps.onProgress } : {}),
      },
    );
    record.sha256 = await reader.digest();
    record.kind = spooled.kind;
    const result = emptyResult(input, 'ingested');
    result.rejected = spooled.rejected;
    result.warnings = spooled.warnings;
    if (spooled.fileError) {
      result.status = 'rejected';
      result.message = spooled.fileError.message;
      await writeQuarantine(
        result,
        { sha256: record.sha256, error: result.message, lines },
        deps.blobs,
      );
      await finish(record, result, 'failed', deps);
      return result;
    }
    // Another run of this very generation may have finished meanwhile: it stored everything.
    const now = await store.getFile(input.bucket, input.object, input.generation);
    if (now?.status === 'done') return emptyResult(input, 'already-ingested', alreadyDone(now));
    const twin = await store.findDoneBySha(record.sha256);
    if (twin && sameKey(twin, input))
      return emptyResult(input, 'already-ingested', alreadyDone(twin));
    if (twin && baseName(twin.object) === baseName(input.object)) {
      result.status = 'duplicate';
      result.message = `identical to ${twin.bucket}/${twin.object}#${twin.generation}, already ingested`;
    }
    result.readings = spooled.readings;
    // The report goes first: a blob store that fails then leaves nothing stored.
    if (result.rejected > 0 || result.warnings > 0) {
      await writeQuarantine(result, { sha256: record.sha256, error: null, lines }, deps.blobs);
    }
    const supplies = await storeReadings(spooled.spool, result, deps);
    if (supplies.length > 0) await store.upsertSupplies(supplies);
    await finish(record, result, 'done', deps);
    return result;
  } finally {
    await scratch.discard();
  }
}

/** Upserts the spool into the store in one unit; returns the supplies' reading spans. */
async function storeReadings(
  spool: ReadingSpool,
  result: IngestResult,
  deps: IngestDeps,
): Promise<SupplyPatch[]> {
  const counts = await deps.store.upsertReadingBatches(spool.batches(BATCH));
  result.inserted = counts.inserted;
  result.replaced = counts.replaced;
  result.unchanged = counts.unchanged;
  return spool.spans().map((s) => ({
    cups: s.cups,
    zone: zoneForCups(s.cups, deps.zoneOverrides),
    firstReading: s.first,
    lastReading: s.last,
    active: true,
  }));
}

/** The ledger entry, written last. */
async function finish(
  record: FileRecord,
  result: IngestResult,
  status: 'done' | 'failed',
  deps: IngestDeps,
): Promise<void> {
  await deps.store.putFile({
    ...record,
    status,
    rowsOk: result.readings,
    rowsRejected: result.rejected,
    updatedAt: deps.now(),
    error: result.message ?? null,
  });
}

/** Store and source errors that are not ours are assumed transient: the event is retried. */
function asRetryable(error: unknown): unknown {
  if (error instanceof AppError) return error;
  return new TransientError('Ingestion failed; a retry may succeed', { cause: error });
}
