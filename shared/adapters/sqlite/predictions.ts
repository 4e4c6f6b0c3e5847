import { type DatabaseSync, type StatementSync } from 'node:sqlite';
import { InvalidInputError } from '../../errors.js';
import {
  FALLBACK_REASONS,
  type FallbackReason,
  type PredictionRow,
  STAGES,
  type Stage,
  type SupplyDayPrediction,
} from '../../types.js';

const COLUMNS = 'cups, hour_end, day, wh, p10, p90, model_version, run_id, issued_at, fallback';
const PARAMS_PER_ROW = 10;
/** Rows per page of a day read. */
const PAGE_ROWS = 4096;

/**
 * A stored row as the read statements return it: an array in COLUMNS order (setReturnArrays),
 * which node:sqlite builds and V8 reads several times faster than an object per row.
 */
type Row = [
  cups: string,
  hourEnd: number,
  day: string,
  wh: number,
  p10: number,
  p90: number,
  modelVersion: string,
  runId: string,
  issuedAt: number,
  fallback: string | null,
];

function toPrediction(stage: Stage, row: Row): PredictionRow {
  const fallback = row[9] as FallbackReason | null;
  if (fallback !== null && !FALLBACK_REASONS.includes(fallback)) {
    throw new InvalidInputError(`Stored prediction has unknown fallback "${fallback}"`);
  }
  return {
    stage,
    cups: row[0],
    day: row[2],
    hourEnd: row[1],
    wh: row[3],
    p10: row[4],
    p90: row[5],
    modelVersion: row[6],
    runId: row[7],
    issuedAt: row[8],
    fallback,
  };
}

/** A read statement's rows (node:sqlite's types do not know setReturnArrays' shape). */
const rows = (read: StatementSync, ...params: (string | number)[]) =>
  read.all(...params) as unknown as Row[];

/** The predictions tables (one per stage): supply-day replacement and the two reads. */
export interface SqlitePredictions {
  replace(
    stage: Stage,
    days: readonly SupplyDayPrediction[],
  ): { written: number; keptNewer: number };
  ofDay(stage: Stage, day: string): AsyncGenerator<PredictionRow>;
  ofSupply(stage: Stage, cups: string, fromDay: string, toDay: string): PredictionRow[];
}

interface StageStatements {
  newest: StatementSync;
  remove: StatementSync;
  insert: Map<number, StatementSync>;
  firstPage: StatementSync;
  nextPage: StatementSync;
  supply: StatementSync;
}

/** Prepares the predictions statements on `db` (schema already migrated). */
export function sqlitePredictions(db: DatabaseSync): SqlitePredictions {
  const statements = new Map<Stage, StageStatements>();
  for (const stage of STAGES) {
    const t = `predictions_${stage}`;
    const s: StageStatements = {
      newest: db.prepare(`SELECT max(issued_at) AS at FROM ${t} WHERE cups = ? AND day = ?`),
      remove: db.prepare(`DELETE FROM ${t} WHERE cups = ? AND day = ?`),
      insert: new Map(),
      firstPage: db.prepare(
        `SELECT ${COLUMNS} FROM ${t} WHERE day = ? ORDER BY cups, hour_end LIMIT ${PAGE_ROWS}`,
      ),
      nextPage: db.prepare(
        `SELECT ${COLUMNS} FROM ${t} WHERE day = ? AND (cups, hour_end) > (?, ?)
         ORDER BY cups, hour_end LIMIT ${PAGE_ROWS}`,
      ),
      supply: db.prepare(
        `SELECT ${COLUMNS} FROM ${t} WHERE cups = ? AND day >= ? AND day <= ? ORDER BY hour_end`,
      ),
    };
    for (const read of [s.firstPage, s.nextPage, s.supply]) read.setReturnArrays(true);
    statements.set(stage, s);
  }
  const of = (stage: Stage): StageStatements => {
    const s = statements.get(stage);
    if (s === undefined) throw new InvalidInputError(`Unknown stage "${stage}"`);
    return s;
  };
  const insertFor = (stage: Stage, rows: number): StatementSync => {
    const s = of(stage);
    let statement = s.insert.get(rows);
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(
        ', ',
      );
      statement = db.prepare(`INSERT INTO predictions_${stage} (${COLUMNS}) VALUES ${values}`);
      s.insert.set(rows, statement);
    }
    return statement;
  };

  function writeDay(stage: Stage, d: SupplyDayPrediction): boolean {
    const s = of(stage);
    const newest = (s.newest.get(d.cups, d.day) as { at: number | null } | undefined)?.at ?? null;
    if (newest !== null && newest > d.issuedAt) return false;
    s.remove.run(d.cups, d.day);
    if (d.hours.length === 0) return true;
    const params: (string | number | null)[] = new Array(d.hours.length * PARAMS_PER_ROW);
    let j = 0;
    for (const h of d.hours) {
      params[j++] = d.cups;
      params[j++] = h.hourEnd;
      params[j++] = d.day;
      params[j++] = h.wh;
      params[j++] = h.p10;
      params[j++] = h.p90;
      params[j++] = d.modelVersion;
      params[j++] = d.runId;
      params[j++] = d.issuedAt;
      params[j++] = h.fallback;
    }
    insertFor(stage, d.hours.length).run(...params);
    return true;
  }

  return {
    replace(stage, days) {
      of(stage);
      let written = 0;
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const d of days) if (writeDay(stage, d)) written++;
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      return { written, keptNewer: days.length - written };
    },
    async *ofDay(stage, day) {
      const s = of(stage);
      // Keyset pagination: no statement stays open while the consumer awaits.
      let page = rows(s.firstPage, day);
      while (page.length > 0) {
        for (const row of page) yield toPrediction(stage, row);
        const last = page[page.length - 1] as Row;
        if (page.length < PAGE_ROWS) return;
        page = rows(s.nextPage, day, last[0], last[1]);
      }
    },
    ofSupply(stage, cups, fromDay, toDay) {
      return rows(of(stage).supply, cups, fromDay, toDay).map((r) => toPrediction(stage, r));
    },
  };
}
