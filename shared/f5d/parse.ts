import { type Zone } from '../calendar/zone.js';
import { DEFAULT_MAX_READING_WH } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { type LineRefusal, type Reading, type SourceKind } from '../types.js';
import { openEntries } from './decompress.js';
import { parseMeterFileName } from './file-name.js';
import { HourRanges } from './hour-ranges.js';
import { createLineCaches, type LineProblem, parseLine } from './line.js';
import { splitLines } from './lines.js';
import { addToBlock, createSupplyBlock, releaseBlock } from './supply-block.js';

/** A refused line: where it is (in an archive, which member), which field is wrong and why. */
export interface Rejection extends LineRefusal {
  /** Member name inside an archive, when it differs from the file. */
  entry?: string;
}

/** A line kept with a remark (an identical repeat). */
export interface ParseWarning {
  file: string;
  entry?: string;
  line: number;
  warning: string;
}

/**
 * Readings come with the line (and archive member) each was read from, in parallel arrays. A
 * revisit is a valid line for an hour of its supply that an earlier block of the file already
 * gave (or refused for conflicting values): comparing it with that earlier line needs what the
 * parser has released, so the consumer decides (see shared/pipelines/spool-meter-file.ts).
 */
export type ParseEvent =
  | {
      type: 'readings';
      readings: Reading[];
      lines: number[];
      entries: (string | undefined)[];
    }
  | { type: 'revisit'; reading: Reading; line: number; entry: string | undefined }
  | { type: 'rejected'; rejection: Rejection }
  | { type: 'warning'; warning: ParseWarning };

export interface ParseSummary {
  file: string;
  kind: SourceKind;
  entries: number;
  readings: number;
  revisits: number;
  rejected: number;
  warnings: number;
}

export interface ParseOptions {
  /** The file's name (or path): it gives kind, generation date and version. */
  fileName: string;
  zoneOverrides?: Readonly<Record<string, Zone>>;
  maxInflateBytes?: number;
  /** Energies above this many Wh are refused as implausible (default 1e9, see config.ts). */
  maxReadingWh?: number;
  /** Upload instant of the file generation, UTC ms, stamped on every reading (default 0). */
  uploadedAt?: number;
  maxLineChars?: number;
  /** Readings of one supply held back for conflict checks before they are released. */
  blockCap?: number;
}

const BATCH = 4096;

/** True when the first kilobyte is mostly control characters: a binary file, not a bad line. */
function looksBinary(lines: readonly { text: string }[]): boolean {
  const head = lines
    .map((l) => l.text)
    .join('\n')
    .slice(0, 1024);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control > head.length * 0.1;
}

/**
 * Streams a metering file (plain, gzip, bzip2 or zip) into readings, revisits, rejected lines and
 * warnings. Lines of one supply are held until the supply changes, so that two lines for the same
 * hour with different values are both rejected; identical repeats are kept once with a warning. A
 * supply that reappears later in the file with an hour already released (or refused) yields a
 * revisit event instead of a reading, for the consumer to settle.
 * @throws InvalidInputError for a bad name, an empty or unreadable file, or no valid line
 */
export async function* parseMeterFile(
  bytes: AsyncIterable<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ParseEvent, ParseSummary> {
  const name = parseMeterFileName(options.fileName);
  const file = options.fileName.slice(options.fileName.lastIndexOf('/') + 1);
  const ctx = {
    kind: name.kind,
    fileDate: name.generationDate,
    version: name.version,
    uploadedAt: options.uploadedAt ?? 0,
    zoneOverrides: options.zoneOverrides ?? {},
    maxReadingWh: options.maxReadingWh ?? DEFAULT_MAX_READING_WH,
  };
  const blockCap = options.blockCap ?? 200_000;
  const caches = createLineCaches();
  const released = new Map<string, HourRanges>();
  const summary: ParseSummary = {
    file,
    kind: name.kind,
    entries: 0,
    readings: 0,
    revisits: 0,
    rejected: 0,
    warnings: 0,
  };
  let block = createSupplyBlock('');
  let out: Reading[] = [];
  let outLines: number[] = [];
  let outEntries: (string | undefined)[] = [];
  const queued: ParseEvent[] = [];

  const reject = (entry: string | undefined, line: number, problem: LineProblem): void => {
    summary.rejected++;
    queued.push({
      type: 'rejected',
      rejection: { file, ...(entry ? { entry } : {}), line, ...problem },
    });
  };
  const flush = (): void => {
    const done = releaseBlock(block);
    for (const c of done.conflicted) {
      const reason = `conflicts with line ${c.others.join(', ')}: different values for the same hour`;
      reject(c.entry, c.line, { field: 'line', reason });
    }
    if (done.readings.length > 0 || done.conflicted.length > 0) {
      const ranges = released.get(block.cups) ?? new HourRanges();
      released.set(block.cups, ranges);
      ranges.addSorted(done.hoursAscending);
      ranges.addSorted(done.conflictedHoursAscending);
    }
    if (done.readings.length > 0) {
      const first = out.length === 0;
      out = first ? done.readings : out.concat(done.readings);
      outLines = first ? done.lines : outLines.concat(done.lines);
      outEntries = first ? done.entries : outEntries.concat(done.entries);
    }
  };
  const accept = (reading: Reading, line: number, entry: string | undefined): void => {
    if (reading.cups !== block.cups || block.readings.length >= blockCap) {
      flush();
      block = createSupplyBlock(reading.cups);
    }
    if (released.get(reading.cups)?.has(reading.hourEnd)) {
      summary.revisits++;
      queued.push({ type: 'revisit', reading, line, entry });
      return;
    }
    const outcome = addToBlock(block, reading, line, entry);
    if (outcome.kind === 'repeat') {
      summary.warnings++;
      const warning = `repeats line ${outcome.ofLine} with the same values; kept once`;
      queued.push({
        type: 'warning',
        warning: { file, ...(entry ? { entry } : {}), line, warning },
      });
    } else if (outcome.kind === 'conflict') {
      const reason = `conflicts with line ${outcome.withLine}: different values for the same hour`;
      reject(entry, line, { field: 'line', reason });
    }
  };
  /** Released readings first (always before a revisit of them), then the queued events. */
  function* drain(all: boolean): Generator<ParseEvent> {
    const revisit = queued.some((e) => e.type === 'revisit');
    if (out.length >= BATCH || ((all || revisit) && out.length > 0)) yield* releaseOut();
    while (queued.length > 0) yield queued.shift()!;
  }
  function* releaseOut(): Generator<ParseEvent> {
    const [ready, lines, entries] = [out, outLines, outEntries];
    [out, outLines, outEntries] = [[], [], []];
    for (let i = 0; i < ready.length; i += BATCH) {
      const whole = i === 0 && ready.length <= BATCH;
      const readings = whole ? ready : ready.slice(i, i + BATCH);
      summary.readings += readings.length;
      yield {
        type: 'readings',
        readings,
        lines: whole ? lines : lines.slice(i, i + BATCH),
        entries: whole ? entries : entries.slice(i, i + BATCH),
      };
    }
  }

  let sniffed = false;
  const budget = { file, maxBytes: options.maxInflateBytes ?? 2 * 1024 ** 3, used: 0 };
  for await (const entry of openEntries(file, bytes, budget)) {
    summary.entries++;
    const entryName = entry.name === file ? undefined : entry.name;
    for await (const lines of splitLines(entry.chunks, options.maxLineChars)) {
      if (summary.entries === 1 && !sniffed) {
        sniffed = true;
        if (looksBinary(lines)) {
          throw new InvalidInputError(
            `${file}: unknown format (binary content, not a metering file)`,
            {
              details: { file, field: 'file' },
            },
          );
        }
      }
      for (const line of lines) {
        if (line.tooLong) {
          reject(entryName, line.number, {
            field: 'line',
            reason: 'line is too long to be a metering line',
          });
          continue;
        }
        const result = parseLine(line.text, ctx, caches);
        if ('reason' in result) reject(entryName, line.number, result);
        else accept(result, line.number, entryName);
      }
      yield* drain(false);
    }
  }
  flush();
  yield* drain(true);
  if (summary.readings === 0) {
    throw new InvalidInputError(`${file}: no valid line (${summary.rejected} rejected)`, {
      details: { file, field: 'file', rejected: summary.rejected },
    });
  }
  return summary;
}
