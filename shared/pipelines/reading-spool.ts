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

// Record layout (native byte order: the spool never leaves the process that wrote it), 40 bytes:
// hourEnd, wh, exportWh (NaN = null) as float64; line, supply and archive member (0 = none, else
// index + 1) as uint32; method (0 = null), firm (2 = null) and flags as bytes.
const RECORD = 40;
const F64 = { hourEnd: 0, wh: 1, exportWh: 2 } as const; // in float64 slots of the record
const U32 = { line: 6, cups: 7, entry: 8 } as const; // in uint32 slots
const U8 = { method: 36, firm: 37, flags: 38 } as const; // in bytes
const REFUSED = 1;
/** Records per write buffer and per read chunk (about 1.3 MB). */
const CHUNK_RECORDS = 32_768;

/** Typed views of a buffer of records. */
function viewsOf(bytes: Uint8Array) {
  return {
    bytes,
    f64: new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8),
    u32: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4),
  };
}
type Views = ReturnType<typeof viewsOf>;

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

function decode(v: Views, k: number, into: SpoolRecord): void {
  const f = k * 5;
  const u = k * 10;
  const b = k * RECORD;
  into.hourEnd = v.f64[f + F64.hourEnd] as number;
  into.wh = v.f64[f + F64.wh] as number;
  const exportWh = v.f64[f + F64.exportWh] as number;
  into.exportWh = Number.isNaN(exportWh) ? null : exportWh;
  into.line = v.u32[u + U32.line] as number;
  into.cupsIndex = v.u32[u + U32.cups] as number;
  into.entryIndex = v.u32[u + U32.entry] as number;
  const method = v.bytes[b + U8.method] as number;
  into.method = method === 0 ? null : method;
  const firm = v.bytes[b + U8.firm] as number;
  into.firm = firm === 2 ? null : firm === 1;
  into.refused = ((v.bytes[b + U8.flags] as number) & REFUSED) !== 0;
}

function encode(v: Views, k: number, r: Reading, line: number, cups: number, entry: number) {
  const f = k * 5;
  const u = k * 10;
  const b = k * RECORD;
  v.f64[f + F64.hourEnd] = r.hourEnd;
  v.f64[f + F64.wh] = r.wh;
  v.f64[f + F64.exportWh] = r.exportWh ?? Number.NaN;
  v.u32[u + U32.line] = line;
  v.u32[u + U32.cups] = cups;
  v.u32[u + U32.entry] = entry;
  v.bytes[b + U8.method] = r.method ?? 0;
  v.bytes[b + U8.firm] = r.firm === null ? 2 : r.firm ? 1 : 0;
  v.bytes[b + U8.flags] = 0;
}

export type ReadingSpool = ReturnType<typeof createReadingSpool>;

/** A spool of one file's readings over `scratch` (which it discards when asked). */
export function createReadingSpool(scratch: ScratchFile) {
  const cups = createInterner();
  const entries = createInterner();
  const buffer = viewsOf(new Uint8Array(CHUNK_RECORDS * RECORD));
  let buffered = 0;
  let written = 0;
  let refused = 0;
  let provenance: Provenance | undefined;
  let lastCups = '';
  let lastCupsIndex = 0;
  /** Earliest and latest hour of each supply's readings, filled as batches() runs. */
  let first = new Float64Array(0);
  let last = new Float64Array(0);

  const flush = async (): Promise<void> => {
    if (buffered === 0) return;
    await scratch.append(buffer.bytes.subarray(0, buffered * RECORD));
    written += buffered;
    buffered = 0;
  };

  /** Every record in order, a chunk at a time: its bytes, record count and first position. */
  async function* chunks(): AsyncGenerator<{ views: Views; count: number; first: number }> {
    await flush();
    const views = viewsOf(new Uint8Array(CHUNK_RECORDS * RECORD));
    for (let first = 0; first < written; first += CHUNK_RECORDS) {
      const read = await scratch.readAt(views.bytes, first * RECORD);
      yield { views, count: Math.floor(read / RECORD), first };
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
        encode(buffer, buffered, r, lines[i] ?? 0, lastCupsIndex, entryIndex);
        buffered++;
      }
    },

    /** Visits every record in order; when `visit` returns true the record is marked refused. */
    async scan(visit: (record: SpoolRecord) => boolean): Promise<void> {
      const mark = new Uint8Array([REFUSED]);
      const record = {} as SpoolRecord;
      for await (const { views, count, first } of chunks()) {
        const marked: number[] = [];
        for (let i = 0; i < count; i++) {
          decode(views, i, record);
          if (visit(record) && !record.refused) marked.push(first + i);
        }
        for (const position of marked) await scratch.writeAt(mark, position * RECORD + U8.flags);
        refused += marked.length;
      }
    },

    /**
     * The readings not refused, in append order, in batches of at most `size`; spans() holds
     * once they have all been taken.
     */
    async *batches(size: number): AsyncGenerator<Reading[]> {
      first = new Float64Array(cups.names.length).fill(Number.POSITIVE_INFINITY);
      last = new Float64Array(cups.names.length).fill(Number.NEGATIVE_INFINITY);
      if (provenance === undefined) return;
      const { kind, fileDate, version, uploadedAt } = provenance;
      const r = {} as SpoolRecord;
      let batch: Reading[] = [];
      for await (const { views, count } of chunks()) {
        for (let i = 0; i < count; i++) {
          decode(views, i, r);
          if (r.refused) continue;
          const c = r.cupsIndex;
          if (r.hourEnd < (first[c] as number)) first[c] = r.hourEnd;
          if (r.hourEnd > (last[c] as number)) last[c] = r.hourEnd;
          batch.push({
            cups: cups.names[r.cupsIndex] ?? '',
            hourEnd: r.hourEnd,
            wh: r.wh,
            exportWh: r.exportWh,
            kind,
            fileDate,
            knownDate: fileDate,
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

    /** Each supply's first and last hour among the readings batches() gave. */
    spans(): { cups: string; first: number; last: number }[] {
      const out: { cups: string; first: number; last: number }[] = [];
      for (const [c, name] of cups.names.entries()) {
        const f = first[c] ?? Number.POSITIVE_INFINITY;
        if (f !== Number.POSITIVE_INFINITY) out.push({ cups: name, first: f, last: last[c] ?? f });
      }
      return out;
    },

    discard: (): Promise<void> => scratch.discard(),
  };
}
