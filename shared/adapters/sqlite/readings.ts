import { type DatabaseSync, type StatementSync } from 'node:sqlite';
import { InvalidInputError } from '../../errors.js';
import { type UpsertCounts } from '../../ports.js';
import { kindRank, type Reading, SOURCE_KINDS } from '../../types.js';

/**
 * The columns of a stored reading after its key (cups, hour_end). Adding one: list it here, in
 * Row, toReading and bindRow (same order); CONTENT says whether it is part of what a reading says.
 */
const VALUE_COLUMNS = [
  'wh',
  'export_wh',
  'kind',
  'file_date',
  'version',
  'method',
  'firm',
  'uploaded_at',
  'known_date',
] as const;
const COLUMNS = ['cups', 'hour_end', ...VALUE_COLUMNS].join(', ');
const PARAMS_PER_ROW = 2 + VALUE_COLUMNS.length;
/** Rows per multi-row INSERT (1,664 bound parameters); 128, 256 and 512 measured within noise. */
export const ROWS_PER_STATEMENT = 128;
/** Rows per page of readingsBetween. */
const PAGE_ROWS = 4096;

/**
 * The precedence of comparePrecedence (shared/adapters/precedence.ts) as a row value: kind rank,
 * file date, version, upload instant, wh, then exportWh with NULL below every number (-9e999 is
 * -Infinity).
 */
const precedence = (t: string) =>
  `(${t}.kind, ${t}.file_date, ${t}.version, ${t}.uploaded_at, ${t}.wh, ifnull(${t}.export_wh, -9e999))`;
/** What a reading says (sameContent of precedence.ts): every value but the upload instant. */
const content = (t: string) =>
  `(${t}.kind, ${t}.file_date, ${t}.version, ${t}.wh, ${t}.export_wh, ${t}.method, ${t}.firm)`;
/** A replacing file's values, keeping the earliest date the hour was known (not part of content). */
const SET_ALL = VALUE_COLUMNS.map((c) =>
  c === 'known_date' ? 'known_date = min(known_date, excluded.known_date)' : `${c} = excluded.${c}`,
).join(', ');

/**
 * A stored row as its statements return it: an array in COLUMNS order (setReturnArrays), which
 * node:sqlite builds and V8 reads several times faster than an object per row.
 */
type Row = [
  cups: string,
  hourEnd: number,
  wh: number,
  exportWh: number | null,
  kind: number,
  fileDate: number,
  version: number,
  method: number | null,
  firm: number | null,
  uploadedAt: number,
  knownDate: number,
];

function toReading(row: Row): Reading {
  const kind = SOURCE_KINDS[row[4]];
  if (kind === undefined) throw new InvalidInputError(`Stored reading has unknown kind ${row[4]}`);
  const firm = row[8];
  return {
    cups: row[0],
    hourEnd: row[1],
    wh: row[2],
    exportWh: row[3],
    kind,
    fileDate: row[5],
    version: row[6],
    method: row[7],
    firm: firm === null ? null : firm === 1,
    uploadedAt: row[9],
    knownDate: row[10],
  };
}

/** Writes one reading's parameters from `at` on, in statement column order. */
function bindRow(p: (string | number | null)[], at: number, r: Reading): void {
  p[at] = r.cups;
  p[at + 1] = r.hourEnd;
  p[at + 2] = r.wh;
  p[at + 3] = r.exportWh;
  p[at + 4] = kindRank(r.kind);
  p[at + 5] = r.fileDate;
  p[at + 6] = r.version;
  p[at + 7] = r.method;
  p[at + 8] = r.firm === null ? null : r.firm ? 1 : 0;
  p[at + 9] = r.uploadedAt;
  p[at + 10] = r.knownDate ?? r.fileDate;
}

/** The readings table: precedence-guarded batched upserts and ordered range reads. */
export interface SqliteReadings {
  /** Every batch in one transaction: all of them are stored or none. */
  upsert(
    batches: AsyncIterable<readonly Reading[]> | Iterable<readonly Reading[]>,
  ): Promise<UpsertCounts>;
  range(cups: string, fromMs: number, toMs: number): Reading[];
  between(fromMs: number, toMs: number): AsyncGenerator<Reading>;
  count(): number;
}

/** Prepares the readings statements on `db` (schema already migrated). */
export function sqliteReadings(db: DatabaseSync): SqliteReadings {
  // Four statements per size: insert-if-absent (its changes = inserted), replace-if-higher with
  // other content (its changes = replaced), refresh-if-higher with the same content (a later
  // upload of the same values: counted unchanged), and an earlier known date from a file that
  // replaces nothing (a P5D ingested after the F5D that carried the same hour). Rows a statement
  // just wrote tie with themselves.
  const cache = new Map<string, StatementSync>();
  const values = (rows: number) =>
    Array.from({ length: rows }, () => `(${'?, '.repeat(PARAMS_PER_ROW - 1)}?)`).join(', ');
  const conflict = {
    insert: 'DO NOTHING',
    replace: `DO UPDATE SET ${SET_ALL} WHERE ${precedence('excluded')} > ${precedence('readings')}
      AND ${content('excluded')} IS NOT ${content('readings')}`,
    refresh: `DO UPDATE SET ${SET_ALL} WHERE ${precedence('excluded')} > ${precedence('readings')}`,
    known: 'DO UPDATE SET known_date = excluded.known_date WHERE excluded.known_date < known_date',
  };
  const statement = (kind: keyof typeof conflict, rows: number) => {
    const name = `${kind}:${rows}`;
    let s = cache.get(name);
    if (!s) {
      s = db.prepare(
        `INSERT INTO readings (${COLUMNS}) VALUES ${values(rows)} ON CONFLICT (cups, hour_end) ${conflict[kind]}`,
      );
      cache.set(name, s);
    }
    return s;
  };
  const rangeStmt = db.prepare(
    `SELECT ${COLUMNS} FROM readings WHERE cups = ? AND hour_end > ? AND hour_end <= ? ORDER BY hour_end`,
  );
  const firstPage = db.prepare(
    `SELECT ${COLUMNS} FROM readings WHERE hour_end > ? AND hour_end <= ?
     ORDER BY cups, hour_end LIMIT ${PAGE_ROWS}`,
  );
  const nextPage = db.prepare(
    `SELECT ${COLUMNS} FROM readings WHERE (cups, hour_end) > (?, ?) AND hour_end > ? AND hour_end <= ?
     ORDER BY cups, hour_end LIMIT ${PAGE_ROWS}`,
  );
  for (const read of [rangeStmt, firstPage, nextPage]) read.setReturnArrays(true);
  /** A read statement's rows (node:sqlite's types do not know setReturnArrays' shape). */
  const rows = (read: StatementSync, ...params: (string | number)[]) =>
    read.all(...params) as unknown as Row[];
  const countStmt = db.prepare('SELECT count(*) AS n FROM readings');
  const params: (string | number | null)[] = new Array(ROWS_PER_STATEMENT * PARAMS_PER_ROW);

  function writeChunk(
    readings: readonly Reading[],
    start: number,
    rows: number,
    counts: UpsertCounts,
  ) {
    const p = rows === ROWS_PER_STATEMENT ? params : new Array(rows * PARAMS_PER_ROW);
    for (let i = 0; i < rows; i++) bindRow(p, i * PARAMS_PER_ROW, readings[start + i] as Reading);
    const inserted = Number(statement('insert', rows).run(...p).changes);
    counts.inserted += inserted;
    if (inserted === rows) return; // the fresh-data fast path: one statement
    const replaced = Number(statement('replace', rows).run(...p).changes);
    counts.replaced += replaced;
    counts.unchanged += rows - inserted - replaced;
    if (inserted + replaced < rows) statement('refresh', rows).run(...p);
    statement('known', rows).run(...p);
  }

  function writeAll(readings: readonly Reading[], counts: UpsertCounts): void {
    for (let start = 0; start < readings.length; start += ROWS_PER_STATEMENT) {
      writeChunk(readings, start, Math.min(ROWS_PER_STATEMENT, readings.length - start), counts);
    }
  }

  return {
    async upsert(batches) {
      const counts: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };
      let open = false;
      try {
        for await (const batch of batches) {
          if (batch.length === 0) continue;
          if (!open) db.exec('BEGIN IMMEDIATE');
          open = true;
          writeAll(batch, counts);
        }
        if (open) db.exec('COMMIT');
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
      return counts;
    },
    range(cups, fromMs, toMs) {
      return rows(rangeStmt, cups, fromMs, toMs).map(toReading);
    },
    async *between(fromMs, toMs) {
      // Keyset pagination: no statement stays open while the consumer awaits.
      let page = rows(firstPage, fromMs, toMs);
      while (page.length > 0) {
        for (const row of page) yield toReading(row);
        const last = page[page.length - 1] as Row;
        if (page.length < PAGE_ROWS) return;
        page = rows(nextPage, last[0], last[1], fromMs, toMs);
      }
    },
    count() {
      return Number((countStmt.get() as { n: number }).n);
    },
  };
}
