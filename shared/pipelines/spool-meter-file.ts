/**
 * The validation pass of a metering file: parses it whole into a spool (local scratch), so that
 * the store is written only once the file is known to be good. It settles what the parser cannot
 * see alone: a line repeating an hour that an earlier block of the file gave (a "revisit") is
 * compared with the spooled line, and when they differ every line giving that hour is refused,
 * wherever it stands in the file.
 */
import { InvalidInputError } from '../errors.js';
import {
  type ParseOptions,
  type ParseWarning,
  parseMeterFile,
  type Rejection,
} from '../f5d/parse.js';
import { type ScratchFile } from '../ports.js';
import { type Reading, type SourceKind } from '../types.js';
import { createReadingSpool, type ReadingSpool, type SpoolRecord } from './reading-spool.js';

/** Where the pass reports refused lines, warnings and progress as it goes. */
export interface SpoolListener {
  rejected(rejection: Rejection): void;
  warned(warning: ParseWarning): void;
  /** Readings spooled so far. */
  progress?(readings: number): void;
}

export interface SpooledFile {
  kind: SourceKind | null;
  spool: ReadingSpool;
  /** Readings the file would store (spooled and not refused). */
  readings: number;
  rejected: number;
  warnings: number;
  /** Why the whole file is refused; nothing of it may be stored then. */
  fileError: InvalidInputError | undefined;
}

/** Revisits held (at most) before they are compared with the spool in one pass over it. */
export const REVISITS_PER_PASS = 100_000;

interface Revisit {
  reading: Reading;
  line: number;
  entry: string | undefined;
}

const sameValues = (a: Reading, b: SpoolRecord) =>
  a.wh === b.wh && a.exportWh === b.exportWh && a.method === b.method && a.firm === b.firm;

const conflictReason = (others: readonly number[]) =>
  `conflicts with line ${others.join(', ')}: different values for the same hour`;

/**
 * Parses `chunks` into a new spool over `scratch`. A file-level problem (corrupt or truncated
 * compression, the inflate limit, no valid line) is returned as `fileError`, not thrown.
 * @throws what the byte source or the scratch throw (I/O): the caller discards the scratch
 */
export async function spoolMeterFile(
  chunks: AsyncIterable<Uint8Array>,
  options: ParseOptions,
  scratch: ScratchFile,
  listener: SpoolListener,
  revisitsPerPass = REVISITS_PER_PASS,
): Promise<SpooledFile> {
  const spool = createReadingSpool(scratch);
  const file = options.fileName.slice(options.fileName.lastIndexOf('/') + 1);
  const out: SpooledFile = {
    kind: null,
    spool,
    readings: 0,
    rejected: 0,
    warnings: 0,
    fileError: undefined,
  };
  const reject = (line: number, entry: string | undefined, field: string, reason: string) => {
    out.rejected++;
    listener.rejected({ file, ...(entry ? { entry } : {}), line, field, reason });
  };
  const pending = new Map<number, Map<number, Revisit[]>>();
  let held = 0;

  /** Compares every held revisit with the line the spool holds for its hour. */
  const settle = async (): Promise<void> => {
    await spool.scan((record) => {
      const list = pending.get(record.cupsIndex)?.get(record.hourEnd);
      if (!list) return false;
      pending.get(record.cupsIndex)?.delete(record.hourEnd);
      const entry = spool.entryName(record.entryIndex);
      if (record.refused) {
        for (const v of list) reject(v.line, v.entry, 'line', conflictReason([record.line]));
        return false;
      }
      if (list.every((v) => sameValues(v.reading, record))) {
        for (const v of list) {
          out.warnings++;
          const warning = `repeats line ${record.line} with the same values; kept once`;
          listener.warned({ file, ...(v.entry ? { entry: v.entry } : {}), line: v.line, warning });
        }
        return false;
      }
      const lines = [record.line, ...list.map((v) => v.line)];
      const others = (line: number) => lines.filter((l) => l !== line);
      reject(record.line, entry, 'line', conflictReason(others(record.line)));
      for (const v of list) reject(v.line, v.entry, 'line', conflictReason(others(v.line)));
      return true;
    });
    // What the spool does not hold was refused in its own block for conflicting values.
    for (const byHour of pending.values()) {
      for (const list of byHour.values()) {
        for (const v of list) {
          const reason = 'the same hour was refused earlier in the file for conflicting values';
          reject(v.line, v.entry, 'line', reason);
        }
      }
    }
    pending.clear();
    held = 0;
  };

  const hold = async (revisit: Revisit): Promise<void> => {
    const index = spool.cupsIndexOf(revisit.reading.cups) ?? -1;
    const byHour = pending.get(index) ?? new Map<number, Revisit[]>();
    pending.set(index, byHour);
    const list = byHour.get(revisit.reading.hourEnd);
    if (list) list.push(revisit);
    else byHour.set(revisit.reading.hourEnd, [revisit]);
    if (++held >= revisitsPerPass) await settle();
  };

  try {
    for await (const event of parseMeterFile(chunks, options)) {
      if (event.type === 'readings') {
        out.kind ??= event.readings[0]?.kind ?? null;
        await spool.append(event.readings, event.lines, event.entries);
        listener.progress?.(spool.size);
      } else if (event.type === 'revisit') {
        await hold(event);
      } else if (event.type === 'rejected') {
        out.rejected++;
        listener.rejected(event.rejection);
      } else {
        out.warnings++;
        listener.warned(event.warning);
      }
    }
    if (held > 0) await settle();
  } catch (error: unknown) {
    if (!(error instanceof InvalidInputError)) throw error;
    out.fileError = error;
    return out;
  }
  out.readings = spool.size - spool.refused;
  if (out.readings === 0) {
    out.fileError = new InvalidInputError(`${file}: no valid line (${out.rejected} rejected)`, {
      details: { file, field: 'file', rejected: out.rejected },
    });
  }
  return out;
}
