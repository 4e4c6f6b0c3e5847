/**
 * The readings of one file held in local scratch while the file is validated, so that nothing is
 * stored until the whole file has passed, with memory that stays flat whatever the file's size.
 * Records have a fixed size, so one can be marked (refused) in place after it was written.
 */
import { type ScratchFile } from '../ports.js';
import { type Reading } from '../types.js';

/** One spooled reading as a scan sees it (the object is reused from one record to the next). */
export interface SpoolRecord {
  cupsIndex: number;
  hourEnd: number;
  wh: number;
  exportWh: number | null;
  method: number | null;
  firm: boolean | null;
  line: number;
  entryIndex: number;
  refused: boolean;
}

// Record layout, little-endian: hourEnd, wh, exportWh (NaN = null) as float64; line, supply and
// archive member (0 = none, else index + 1) as uint32; method (0 = null), firm (2 = null), flags.
const RECORD = 40;
const AT = { hourEnd: 0, wh: 8, exportWh: 16, line: 24, cups: 28, entry: 32, method: 36 } as const;
const FIRM = 37;
const FLAGS = 38;
const REFUSED = 1;
/** Records per write buffer and per read chunk (about 1.3 MB). */
const CHUNK_RECORDS = 32_768;

type Provenance = Pick<Reading, 'kind' | 'fileDate' | 'version' | 'uploadedAt'>;

/** Interns strings as small integers (supplies and archive members repeat on every line). */
function createInterner() {
  const byName = new Map<string, number>();
  const names: string[] = [];
  const intern = (name: string): number => {
    let i = byName.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      byName.set(name, i);
    }
    return i;
  };
  return { names, intern, indexOf: (name: string) => byName.get(name) };
}

function decode(view: DataView, at: number, into: SpoolRecord): void {
  into.hourEnd = view.getFloat64(at + AT.hourEnd, true);
  into.wh = view.getFloat64(at + AT.wh, true);
  const exportWh = view.getFloat64(at + AT.exportWh, true);
  into.exportWh = Number.isNaN(exportWh) ? null : exportWh;
  into.line = view.getUint32(at + AT.line, true);
  into.cupsIndex = view.getUint32(at + AT.cups, true);
  into.entryIndex = view.getUint32(at + AT.entry, true);
  const method = view.getUint8(at + AT.method);
  into.method = method === 0 ? null : method;
  const firm = view.getUint8(at + FIRM);
  into.firm = firm === 2 ? null : firm === 1;
  into.refused = (view.getUint8(at + FLAGS) & REFUSED) !== 0;
}

function encode(view: DataView, at: number, r: Reading, line: number, cups: number, entry: number) {
  view.setFloat64(at + AT.hourEnd, r.hourEnd, true);
  view.setFloat64(at + AT.wh, r.wh, true);
  view.setFloat64(at + AT.exportWh, r.exportWh ?? Number.NaN, true);
  view.setUint32(at + AT.line, line, true);
  view.setUint32(at + AT.cups, cups, true);
  view.setUint32(at + AT.entry, entry, true);
  view.setUint8(at + AT.method, r.method ?? 0);
  view.setUint8(at + FIRM, r.firm === null ? 2 : r.firm ? 1 : 0);
  view.setUint8(at + FLAGS, 0);
}

export type ReadingSpool = ReturnType<typeof createReadingSpool>;

/** A spool of one file's readings over `scratch` (which it discards when asked). */
export function createReadingSpool(scratch: ScratchFile) {
  const cups = createInterner();
  const entries = createInterner();
  const buffer = new Uint8Array(CHUNK_RECORDS * RECORD);
  const view = new DataView(buffer.buffer);
  let buffered = 0;
  let written = 0;
  let refused = 0;
  let provenance: Provenance | undefined;
  let lastCups = '';
  let lastCupsIndex = 0;

  const flush = async (): Promise<void> => {
    if (buffered === 0) return;
    await scratch.append(buffer.subarray(0, buffered * RECORD));
    written += buffered;
    buffered = 0;
  };

  /** Every record in order, a chunk at a time: its bytes, record count and first position. */
  async function* chunks(): AsyncGenerator<{ bytes: DataView; count: number; first: number }> {
    await flush();
    const chunk = new Uint8Array(CHUNK_RECORDS * RECORD);
    const bytes = new DataView(chunk.buffer);
    for (let first = 0; first < written; first += CHUNK_RECORDS) {
      const read = await scratch.readAt(chunk, first * RECORD);
      yield { bytes, count: Math.floor(read / RECORD), first };
    }
  }

  return {
    /** Readings appended, refused ones included. */
    get size(): number {
      return written + buffered;
    },
    /** Readings marked refused. */
    get refused(): number {
      return refused;
    },
    /** The index records carry for a supply, or undefined when none was spooled. */
    cupsIndexOf: (name: string): number | undefined => cups.indexOf(name),
    /** Archive member of a record (entryIndex 0 = none). */
    entryName: (index: number): string | undefined =>
      index === 0 ? undefined : entries.names[index - 1],

    /** Appends readings of one file (kind, date, version and upload instant shared by all). */
    async append(
      readings: readonly Reading[],
      lines: readonly number[],
      lineEntries: readonly (string | undefined)[],
    ): Promise<void> {
      for (const [i, r] of readings.entries()) {
        provenance ??= r;
        if (buffered === CHUNK_RECORDS) await flush();
        if (r.cups !== lastCups) {
          lastCups = r.cups;
          lastCupsIndex = cups.intern(r.cups);
        }
        const entry = lineEntries[i];
        const entryIndex = entry === undefined ? 0 : entries.intern(entry) + 1;
        encode(view, buffered * RECORD, r, lines[i] ?? 0, lastCupsIndex, entryIndex);
        buffered++;
      }
    },

    /** Visits every record in order; when `visit` returns true the record is marked refused. */
    async scan(visit: (record: SpoolRecord) => boolean): Promise<void> {
      const mark = new Uint8Array([REFUSED]);
      const record = {} as SpoolRecord;
      for await (const { bytes, count, first } of chunks()) {
        const marked: number[] = [];
        for (let i = 0; i < count; i++) {
          decode(bytes, i * RECORD, record);
          if (visit(record) && !record.refused) marked.push(first + i);
        }
        for (const position of marked) await scratch.writeAt(mark, position * RECORD + FLAGS);
        refused += marked.length;
      }
    },

    /** The readings not refused, in append order, in batches of at most `size`. */
    async *batches(size: number): AsyncGenerator<Reading[]> {
      if (provenance === undefined) return;
      const { kind, fileDate, version, uploadedAt } = provenance;
      const r = {} as SpoolRecord;
      let batch: Reading[] = [];
      for await (const { bytes, count } of chunks()) {
        for (let i = 0; i < count; i++) {
          decode(bytes, i * RECORD, r);
          if (r.refused) continue;
          batch.push({
            cups: cups.names[r.cupsIndex] ?? '',
            hourEnd: r.hourEnd,
            wh: r.wh,
            exportWh: r.exportWh,
            kind,
            fileDate,
            version,
            method: r.method,
            firm: r.firm,
            uploadedAt,
          });
          if (batch.length === size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    },

    discard: (): Promise<void> => scratch.discard(),
  };
}
