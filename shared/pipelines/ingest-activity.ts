/**
 * Whether ingestion is under way on a store, read from the files ledger, so that readers (such as
 * training) can say when they may have read the store while files were landing.
 */
import { type FileLedger } from '../ports.js';
import { type FileRecord } from '../types.js';

export interface IngestActivity {
  /** Files being ingested now, or interrupted (they land when ingested again). */
  processing: FileRecord[];
  /** Files done so far. */
  done: number;
}

/** Reads the ledger's current activity. */
export async function readIngestActivity(
  ledger: Pick<FileLedger, 'listFiles'>,
): Promise<IngestActivity> {
  const files = await ledger.listFiles();
  return {
    processing: files.filter((f) => f.status === 'processing'),
    done: files.filter((f) => f.status === 'done').length,
  };
}

/**
 * Warnings for a reader that ran between `before` and `after`: files being ingested when it
 * started (their readings are not there yet, or only part of them on MongoDB), and files that
 * landed while it read (seen by some of its reads and not others). Empty when all was quiet.
 */
export function ingestActivityWarnings(before: IngestActivity, after: IngestActivity): string[] {
  const warnings: string[] = [];
  if (before.processing.length > 0) {
    const names = before.processing
      .slice(0, 3)
      .map((f) => f.object.slice(f.object.lastIndexOf('/') + 1));
    const more = before.processing.length > 3 ? ', …' : '';
    warnings.push(
      `${before.processing.length} files were being ingested (or were interrupted) when this started (${names.join(', ')}${more}): their readings are missing (on MongoDB, possibly in part) until they are ingested whole`,
    );
  }
  if (after.done !== before.done) {
    warnings.push(
      `${after.done - before.done} files finished ingesting meanwhile: some reads may include them and others not; run again once ingestion ends`,
    );
  }
  return warnings;
}
