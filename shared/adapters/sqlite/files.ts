import { type DatabaseSync } from 'node:sqlite';
import { type FileRecord } from '../../types.js';

type Row = {
  bucket: string;
  object: string;
  generation: string;
  sha256: string;
  kind: FileRecord['kind'];
  status: FileRecord['status'];
  rows_ok: number;
  rows_rejected: number;
  updated_at: number;
  error: string | null;
};

const COLUMNS =
  'bucket, object, generation, sha256, kind, status, rows_ok, rows_rejected, updated_at, error';

function toRecord(row: Row): FileRecord {
  return {
    bucket: row.bucket,
    object: row.object,
    generation: row.generation,
    sha256: row.sha256,
    kind: row.kind,
    status: row.status,
    rowsOk: row.rows_ok,
    rowsRejected: row.rows_rejected,
    updatedAt: row.updated_at,
    error: row.error,
  };
}

/** The files ledger table. */
export interface SqliteFiles {
  get(bucket: string, object: string, generation: string): FileRecord | undefined;
  findDoneBySha(sha256: string): FileRecord | undefined;
  put(record: FileRecord): void;
  list(): FileRecord[];
}

/** Prepares the ledger statements on `db` (schema already migrated). */
export function sqliteFiles(db: DatabaseSync): SqliteFiles {
  const getStmt = db.prepare(
    `SELECT ${COLUMNS} FROM files WHERE bucket = ? AND object = ? AND generation = ?`,
  );
  const shaStmt = db.prepare(
    `SELECT ${COLUMNS} FROM files WHERE sha256 = ? AND status = 'done'
     ORDER BY updated_at DESC, bucket DESC, object DESC, generation DESC LIMIT 1`,
  );
  const putStmt = db.prepare(
    `INSERT OR REPLACE INTO files (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const listStmt = db.prepare(`SELECT ${COLUMNS} FROM files ORDER BY bucket, object, generation`);
  const one = (row: unknown) => (row ? toRecord(row as Row) : undefined);
  return {
    get: (bucket, object, generation) => one(getStmt.get(bucket, object, generation)),
    findDoneBySha: (sha256) => one(shaStmt.get(sha256)),
    put(r) {
      putStmt.run(
        r.bucket,
        r.object,
        r.generation,
        r.sha256,
        r.kind,
        r.status,
        r.rowsOk,
        r.rowsRejected,
        r.updatedAt,
        r.error,
      );
    },
    list: () => (listStmt.all() as Row[]).map(toRecord),
  };
}
