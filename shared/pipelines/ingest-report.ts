/**
 * What ingestion tells about a file: its result, the quarantine report of refused lines (or of a
 * refused file) in the blob store, and the one log line per outcome.
 */
import { type ParseWarning, type Rejection } from '../f5d/parse.js';
import { type Logger } from '../logging.js';
import { type BlobStore } from '../ports.js';

/** Which uploaded file to ingest: the raw bucket's object at one generation. */
export interface IngestInput {
  bucket: string;
  object: string;
  generation: string;
}

export type IngestStatus = 'ingested' | 'already-ingested' | 'duplicate' | 'rejected' | 'missing';

export interface IngestResult {
  status: IngestStatus;
  file: IngestInput;
  /** Readings the file stored (0 when it was refused whole: a file is stored whole or not at all). */
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

/** A quarantine report lists at most this many lines (and counts the rest). */
export const MAX_REPORTED_LINES = 10_000;

/** Blob path of the quarantine report of one object generation. */
export function quarantinePath(object: string, generation: string): string {
  return `quarantine/${object.replace(/^\/+/, '')}/${generation}.json`;
}

export function emptyResult(
  file: IngestInput,
  status: IngestStatus,
  message?: string,
): IngestResult {
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

/** The refused lines and warnings of one pass, the first MAX_REPORTED_LINES of each kept. */
export interface LineLog {
  rejections: Rejection[];
  warnings: ParseWarning[];
}

/** Writes the quarantine report of a file with refused lines, warnings or a file-level error. */
export async function writeQuarantine(
  result: IngestResult,
  report: { sha256: string; error: string | null; lines: LineLog },
  blobs: BlobStore,
): Promise<void> {
  const { file } = result;
  result.quarantine = quarantinePath(file.object, file.generation);
  const { rejections, warnings } = report.lines;
  const body = {
    ...file,
    sha256: report.sha256,
    error: report.error,
    rejectedLines: result.rejected,
    warnings: result.warnings,
    readingsStored: result.readings,
    lines: rejections,
    warningLines: warnings,
    truncated: result.rejected > rejections.length || result.warnings > warnings.length,
  };
  await blobs.put(result.quarantine, Buffer.from(`${JSON.stringify(body, null, 1)}\n`), {
    contentType: 'application/json',
  });
}

/** Logs the outcome of one file once. */
export function logOutcome(result: IngestResult, log: Logger): void {
  const { readings, inserted, replaced, unchanged, rejected, warnings } = result;
  const summary = { readings, inserted, replaced, unchanged, rejected, warnings };
  if (result.status === 'rejected')
    log.error('file refused', { reason: result.message, ...summary });
  else if (result.status === 'duplicate')
    log.info('identical content already ingested', { twin: result.message, ...summary });
  else if (result.status === 'already-ingested')
    log.info('file already ingested; nothing to do', { reason: result.message });
  else log.info('file ingested', summary);
}
