import { type DatabaseSync } from 'node:sqlite';
import { type RunPatch } from '../../ports.js';
import { type BatchRecord, type RunKey, type RunRecord, type RunStatus } from '../../types.js';

/**
 * The runs and run_batches tables. The key columns are real columns (and the status, compared in
 * transitions); the rest of a record is stored as JSON, since nothing queries inside it.
 */
export interface SqliteRuns {
  start(run: RunRecord): { run: RunRecord; created: boolean };
  get(key: RunKey): RunRecord | undefined;
  update(key: RunKey, runId: string, from: RunStatus, patch: RunPatch): boolean;
  recordBatch(record: BatchRecord): boolean;
  getBatch(runId: string, batch: number): BatchRecord | undefined;
  countBatches(runId: string): { done: number; failed: number };
  listBatches(runId: string): BatchRecord[];
}

type RunRow = { run_id: string; status: RunStatus; planned_at: number; record: string };

/** Runs one function inside BEGIN IMMEDIATE … COMMIT (ROLLBACK on error). */
function inTransaction<T>(db: DatabaseSync, f: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const out = f();
    db.exec('COMMIT');
    return out;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Prepares the runs statements on `db` (schema already migrated). */
export function sqliteRuns(db: DatabaseSync): SqliteRuns {
  const getStmt = db.prepare(
    'SELECT run_id, status, planned_at, record FROM runs WHERE kind = ? AND day = ? AND stage = ?',
  );
  const putStmt = db.prepare(
    `INSERT OR REPLACE INTO runs (kind, day, stage, run_id, status, planned_at, record)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const batchStmt = db.prepare(
    `INSERT INTO run_batches (run_id, batch, status, record) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id, batch) DO UPDATE SET status = excluded.status, record = excluded.record
     WHERE run_batches.status = 'failed' AND excluded.status = 'done'`,
  );
  const countStmt = db.prepare(
    'SELECT status, count(*) AS n FROM run_batches WHERE run_id = ? GROUP BY status',
  );
  const oneStmt = db.prepare('SELECT record FROM run_batches WHERE run_id = ? AND batch = ?');
  const listStmt = db.prepare('SELECT record FROM run_batches WHERE run_id = ? ORDER BY batch');
  const read = (key: RunKey) => getStmt.get(key.kind, key.day, key.stage) as RunRow | undefined;
  const put = (run: RunRecord) =>
    putStmt.run(
      run.kind,
      run.day,
      run.stage,
      run.runId,
      run.status,
      run.plannedAt,
      JSON.stringify(run),
    );
  return {
    start(run) {
      return inTransaction(db, () => {
        const held = read(run);
        if (held !== undefined && (held.run_id === run.runId || held.planned_at >= run.plannedAt)) {
          return { run: JSON.parse(held.record) as RunRecord, created: false };
        }
        put(run);
        return { run, created: true };
      });
    },
    get(key) {
      const held = read(key);
      return held === undefined ? undefined : (JSON.parse(held.record) as RunRecord);
    },
    update(key, runId, from, patch) {
      return inTransaction(db, () => {
        const held = read(key);
        if (held === undefined || held.run_id !== runId || held.status !== from) return false;
        put({ ...(JSON.parse(held.record) as RunRecord), ...patch });
        return true;
      });
    },
    recordBatch(r) {
      return Number(batchStmt.run(r.runId, r.batch, r.status, JSON.stringify(r)).changes) > 0;
    },
    getBatch(runId, batch) {
      const row = oneStmt.get(runId, batch) as { record: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.record) as BatchRecord);
    },
    countBatches(runId) {
      const counts = { done: 0, failed: 0 };
      for (const row of countStmt.all(runId) as { status: 'done' | 'failed'; n: number }[]) {
        counts[row.status] = Number(row.n);
      }
      return counts;
    },
    listBatches(runId) {
      return (listStmt.all(runId) as { record: string }[]).map(
        (row) => JSON.parse(row.record) as BatchRecord,
      );
    },
  };
}
