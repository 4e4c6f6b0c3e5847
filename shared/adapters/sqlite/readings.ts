import { type DatabaseSync, type StatementSync } from 'node:sqlite';
import { InvalidInputError } from '../../errors.js';
import { type UpsertCounts } from '../../ports.js';
import { kindRank, type Reading, SOURCE_KINDS } from '../../types.js';

const COLUMNS = 'cups, hour_end, wh, export_wh, kind, file_date, version, method, firm';
const PARAMS_PER_ROW = 9;
/** Rows per multi-row INSERT (1,152 bound parameters); 128, 256 and 512 measured within noise. */
export const ROWS_PER_STATEMENT = 128;
/** Rows per page of readingsBetween. */
const PAGE_ROWS = 4096;

/**
 * The precedence of comparePrecedence (shared/adapters/precedence.ts) as a row value: kind rank,
 * file date, version, wh, then exportWh with NULL below every number (-9e999 is -Infinity).
 */
const precedence = (t: string) =>
  `(${t}.kind, ${t}.file_date, ${t}.version, ${t}.wh, ifnull(${t}.export_wh, -9e999))`;

type Row = {
  cups: string;
  hour_end: number;
  wh: number;
  export_wh: number | null;
  kind: number;
  file_date: number;
  version: number;
  method: number | null;
  firm: number | null;
};

function toReading(row: Row): Reading {
  const kind = SOURCE_KINDS[row.kind];
  if (kind === undefined)
    throw new InvalidInputError(`Stored reading has unknown kind ${row.kind}`);
  return {
    cups: row.cups,
    hourEnd: row.hour_end,
    wh: row.wh,
    exportWh: row.export_wh,
    kind,
    fileDate: row.file_date,
    version: row.version,
    method: row.method,
    firm: row.firm === null ? null : row.firm === 1,
  };
}

/** The readings table: precedence-guarded batched upserts and ordered range reads. */
export interface SqliteReadings {
  upsert(readings: readonly Reading[]): UpsertCounts;
  range(cups: string, fromMs: number, toMs: number): Reading[];
  between(fromMs: number, toMs: number): AsyncGenerator<Reading>;
  count(): number;
}

/** Prepares the readings statements on `db` (schema already migrated). */
export function sqliteReadings(db: DatabaseSync): SqliteReadings {
  // Two statements per size: insert-if-absent (its changes = inserted), then replace-if-higher
  // (its changes = replaced; rows the first one just inserted tie with themselves and stay).
  const inserts = new Map<number, StatementSync>();
  const replaces = new Map<number, StatementSync>();
  const values = (rows: number) =>
    Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const insertFor = (rows: number) => {
    let s = inserts.get(rows);
    if (!s) {
      s = db.prepare(
        `INSERT INTO readings (${COLUMNS}) VALUES ${values(rows)} ON CONFLICT (cups, hour_end) DO NOTHING`,
      );
      inserts.set(rows, s);
    }
    return s;
  };
  const replaceFor = (rows: number) => {
    let s = replaces.get(rows);
    if (!s) {
      s = db.prepare(
        `INSERT INTO readings (${COLUMNS}) VALUES ${values(rows)}
         ON CONFLICT (cups, hour_end) DO UPDATE SET wh = excluded.wh, export_wh = excluded.export_wh,
           kind = excluded.kind, file_date = excluded.file_date, version = excluded.version,
           method = excluded.method, firm = excluded.firm
         WHERE ${precedence('excluded')} > ${precedence('readings')}`,
      );
      replaces.set(rows, s);
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
  const countStmt = db.prepare('SELECT count(*) AS n FROM readings');
  const params: (string | number | null)[] = new Array(ROWS_PER_STATEMENT * PARAMS_PER_ROW);

  function writeChunk(
    readings: readonly Reading[],
    start: number,
    rows: number,
    counts: UpsertCounts,
  ) {
    const p = rows === ROWS_PER_STATEMENT ? params : new Array(rows * PARAMS_PER_ROW);
    let j = 0;
    for (let i = start; i < start + rows; i++) {
      const r = readings[i] as Reading;
      p[j++] = r.cups;
      p[j++] = r.hourEnd;
      p[j++] = r.wh;
      p[j++] = r.exportWh;
      p[j++] = kindRank(r.kind);
      p[j++] = r.fileDate;
      p[j++] = r.version;
      p[j++] = r.method;
      p[j++] = r.firm === null ? null : r.firm ? 1 : 0;
    }
    const inserted = Number(insertFor(rows).run(...p).changes);
    counts.inserted += inserted;
    if (inserted === rows) return; // the fresh-data fast path: one statement
    const replaced = Number(replaceFor(rows).run(...p).changes);
    counts.replaced += replaced;
    counts.unchanged += rows - inserted - replaced;
  }

  return {
    upsert(readings) {
      const counts: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };
      if (readings.length === 0) return counts;
      db.exec('BEGIN IMMEDIATE');
      try {
        for (let start = 0; start < readings.length; start += ROWS_PER_STATEMENT) {
          writeChunk(
            readings,
            start,
            Math.min(ROWS_PER_STATEMENT, readings.length - start),
            counts,
          );
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      return counts;
    },
    range(cups, fromMs, toMs) {
      return (rangeStmt.all(cups, fromMs, toMs) as Row[]).map(toReading);
    },
    async *between(fromMs, toMs) {
      // Keyset pagination: no statement stays open while the consumer awaits.
      let page = firstPage.all(fromMs, toMs) as Row[];
      while (page.length > 0) {
        for (const row of page) yield toReading(row);
        const last = page[page.length - 1] as Row;
        if (page.length < PAGE_ROWS) return;
        page = nextPage.all(last.cups, last.hour_end, fromMs, toMs) as Row[];
      }
    },
    count() {
      return Number((countStmt.get() as { n: number }).n);
    },
  };
}
