import { createHash } from 'node:crypto';
import { type Zone } from '../calendar/zone.js';
import { AppError, InvalidInputError, TransientError } from '../errors.js';
import { type ParseWarning, parseMeterFile, type Rejection } from '../f5d/parse.js';
import { zoneForCups } from '../f5d/supply-zone.js';
import { type Logger } from '../logging.js';
import {
  type BlobStore,
  type Clock,
  type ObjectSource,
  type Store,
  type StoredObject,
  type SupplyPatch,
} from '../ports.js';
import { type FileRecord, type Reading } from '../types.js';

/** Which uploaded file to ingest: the raw bucket's object at one generation. */
export interface IngestInput {
  bucket: string;
  object: string;
  generation: string;
}

export interface IngestDeps {
  store: Store;
  objects: ObjectSource;
  /** Where quarantine reports go (`quarantine/<object>.json`). */
  blobs: BlobStore;
  logger: Logger;
  now: Clock;
  zoneOverrides: Readonly<Record<string, Zone>>;
  maxInflateBytes: number;
  /** Called after every stored batch with the readings parsed so far. */
  onProgress?: (readingsSoFar: number) => void;
}

export type IngestStatus = 'ingested' | 'already-ingested' | 'duplicate' | 'rejected' | 'missing';

export interface IngestResult {
  status: IngestStatus;
  file: IngestInput;
  readings: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  /** Blob path of the quarantine report, when lines or the file were refused. */
  quarantine?: string;
  /** Why the whole file was refused (status 'rejected'), or what it duplicates. */
  message?: string;
}

const BATCH = 5_000;
/** A quarantine report lists at most this many lines (and counts the rest). */
const MAX_REPORTED_LINES = 10_000;

const baseName = (object: string) => object.slice(object.lastIndexOf('/') + 1);

/** A pass over an object that hashes the bytes it hands on (one read serves both). */
function hashingReader(object: StoredObject): {
  chunks: AsyncIterable<Uint8Array>;
  digest(): Promise<string>;
} {
  const hash = createHash('sha256');
  let complete = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of object.read()) {
      hash.update(chunk);
      yield chunk;
    }
    complete = true;
  }
  return {
    chunks: chunks(),
    async digest() {
      if (complete) return hash.digest('hex');
      // The parser stopped early (a refused file): hash the whole object on its own.
      const again = createHash('sha256');
      for await (const chunk of object.read()) again.update(chunk);
      return again.digest('hex');
    },
  };
}

/** Blob path of a file's quarantine report. */
export function quarantinePath(object: string): string {
  return `quarantine/${object.replace(/^\/+/, '')}.json`;
}

function emptyResult(file: IngestInput, status: IngestStatus, message?: string): IngestResult {
  const base = {
    status,
    file,
    readings: 0,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    rejected: 0,
    warnings: 0,
  };
  return message === undefined ? base : { ...base, message };
}

/**
 * Ingests one metering file exactly once: a ledger keyed by (bucket, object, generation) makes a
 * redelivery a no-op before any read, and the content's sha256 (computed in the same single pass
 * as parsing) recognises an identical re-upload, whose precedence upserts all leave readings
 * unchanged. A run killed mid-file and redelivered ends in the same state as a clean run.
 * Refused lines, and a refused file, go to a quarantine report; the good lines still land.
 * @throws TransientError (and store errors) when a retry may help; a bad file is not thrown
 */
export async function ingestMeterFile(input: IngestInput, deps: IngestDeps): Promise<IngestResult> {
  const { store, logger } = deps;
  const log = logger.child({
    bucket: input.bucket,
    object: input.object,
    generation: input.generation,
  });
  const known = await store.getFile(input.bucket, input.object, input.generation);
  if (known?.status === 'done' || known?.status === 'failed') {
    log.info('file already ingested; nothing to do', { status: known.status });
    const when = new Date(known.updatedAt).toISOString();
    return emptyResult(input, 'already-ingested', `already ${known.status} at ${when}`);
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
  await store.putFile(record);
  const reader = hashingReader(object);
  const parsed = await parseAndStore(input, reader.chunks, deps);
  record.sha256 = await reader.digest();
  record.kind = parsed.kind;
  return finish(input, record, parsed, deps, log);
}

/** What one pass of parsing and storing produced. */
interface Parsed {
  result: IngestResult;
  kind: FileRecord['kind'];
  fileError: InvalidInputError | undefined;
  rejections: Rejection[];
  warnings: ParseWarning[];
  spans: Map<string, { first: number; last: number }>;
}

/** Streams the file through the parser into the store in batches; a bad file is not thrown. */
async function parseAndStore(
  input: IngestInput,
  chunks: AsyncIterable<Uint8Array>,
  deps: IngestDeps,
): Promise<Parsed> {
  const result = emptyResult(input, 'ingested');
  const rejections: Rejection[] = [];
  const warnings: ParseWarning[] = [];
  const spans = new Map<string, { first: number; last: number }>();
  let batch: Reading[] = [];
  let kind: FileRecord['kind'] = null;
  const store = async (): Promise<void> => {
    const counts = await deps.store.upsertReadings(batch);
    result.inserted += counts.inserted;
    result.replaced += counts.replaced;
    result.unchanged += counts.unchanged;
    result.readings += batch.length;
    batch = [];
    deps.onProgress?.(result.readings);
  };
  let fileError: InvalidInputError | undefined;
  let spanCups = '';
  let span = { first: 0, last: 0 };
  try {
    const events = parseMeterFile(chunks, {
      fileName: input.object,
      zoneOverrides: deps.zoneOverrides,
      maxInflateBytes: deps.maxInflateBytes,
    });
    for await (const event of events) {
      if (event.type === 'readings') {
        for (const r of event.readings) {
          kind = r.kind;
          // Readings come grouped by supply: look the span up only when the supply changes.
          if (r.cups !== spanCups) {
            spanCups = r.cups;
            span = spans.get(r.cups) ?? { first: r.hourEnd, last: r.hourEnd };
            spans.set(r.cups, span);
          }
          if (r.hourEnd < span.first) span.first = r.hourEnd;
          else if (r.hourEnd > span.last) span.last = r.hourEnd;
          batch.push(r);
        }
        if (batch.length >= BATCH) await store();
      } else if (event.type === 'rejected') {
        result.rejected++;
        if (rejections.length < MAX_REPORTED_LINES) rejections.push(event.rejection);
      } else {
        result.warnings++;
        if (warnings.length < MAX_REPORTED_LINES) warnings.push(event.warning);
      }
    }
    if (batch.length > 0) await store();
  } catch (error: unknown) {
    if (!(error instanceof InvalidInputError)) throw asRetryable(error);
    fileError = error;
  }
  return { result, kind, fileError, rejections, warnings, spans };
}

/**
 * Records what a pass did: supplies, the quarantine report, the ledger entry (last, so that a
 * crash before it leaves the file to be done again). Same bytes under the same name as a file
 * already done make this a duplicate; under another name they are another file (an RF5D may
 * repeat an F5D byte for byte).
 */
async function finish(
  input: IngestInput,
  record: FileRecord,
  parsed: Parsed,
  deps: IngestDeps,
  log: Logger,
): Promise<IngestResult> {
  const { result, fileError, rejections, warnings } = parsed;
  const supplies: SupplyPatch[] = [...parsed.spans].map(([cups, s]) => ({
    cups,
    zone: zoneForCups(cups, deps.zoneOverrides),
    firstReading: s.first,
    lastReading: s.last,
    active: true,
  }));
  if (supplies.length > 0) await deps.store.upsertSupplies(supplies);
  if (fileError || result.rejected > 0 || result.warnings > 0) {
    result.quarantine = quarantinePath(input.object);
    const report = {
      ...input,
      sha256: record.sha256,
      error: fileError?.message ?? null,
      rejectedLines: result.rejected,
      warnings: result.warnings,
      readingsStored: result.readings,
      lines: rejections,
      warningLines: warnings,
      truncated: result.rejected > rejections.length || result.warnings > warnings.length,
    };
    await deps.blobs.put(result.quarantine, Buffer.from(`${JSON.stringify(report, null, 1)}\n`), {
      contentType: 'application/json',
    });
  }
  const twin = fileError ? undefined : await deps.store.findDoneBySha(record.sha256);
  if (twin && baseName(twin.object) === baseName(input.object)) {
    result.status = 'duplicate';
    result.message = `identical to ${twin.bucket}/${twin.object}#${twin.generation}, already ingested`;
  } else if (fileError) {
    result.status = 'rejected';
    result.message = fileError.message;
  }
  await deps.store.putFile({
    ...record,
    status: fileError ? 'failed' : 'done',
    rowsOk: result.readings,
    rowsRejected: result.rejected,
    updatedAt: deps.now(),
    error: result.message ?? null,
  });
  const { readings, inserted, replaced, unchanged, rejected, warnings: warned } = result;
  const summary = { readings, inserted, replaced, unchanged, rejected, warnings: warned };
  if (fileError) log.error('file refused', { reason: fileError.message, ...summary });
  else if (result.status === 'duplicate')
    log.info('identical content already ingested; nothing changed', { ...summary });
  else log.info('file ingested', summary);
  return result;
}

/** Store and source errors that are not ours are assumed transient: the event is retried. */
function asRetryable(error: unknown): unknown {
  if (error instanceof AppError) return error;
  return new TransientError('Ingestion failed; a retry may succeed', { cause: error });
}
