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

type Row = {
  cups: string;
  hour_end: number;
  day: string;
  wh: number;
  p10: number;
  p90: number;
  model_version: string;
  run_id: string;
  issued_at: number;
  fallback: string | null;
};

function toPrediction(stage: Stage, row: Row): PredictionRow {
  const fallback = row.fallback as FallbackReason | null;
  if (fallback !== null && !FALLBACK_REASONS.includes(fallback)) {
    throw new InvalidInputError(`Stored prediction has unknown fallback "${row.fallback}"`);
  }
  return {
    stage,
    cups: row.cups,
    day: row.day,
    hourEnd: row.hour_end,
    wh: row.wh,
    p10: row.p10,
    p90: row.p90,
    modelVersion: row.model_version,
    runId: row.run_id,
    issuedAt: row.issued_at,
    fallback,
  };
}

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
    statements.set(stage, {
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
    });
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
      let page = s.firstPage.all(day) as Row[];
      while (page.length > 0) {
        for (const row of page) yield toPrediction(stage, row);
        const last = page[page.length - 1] as Row;
        if (page.length < PAGE_ROWS) return;
        page = s.nextPage.all(day, last.cups, last.hour_end) as Row[];
      }
    },
    ofSupply(stage, cups, fromDay, toDay) {
      return (of(stage).supply.all(cups, fromDay, toDay) as Row[]).map((r) =>
        toPrediction(stage, r),
      );
    },
  };
}
