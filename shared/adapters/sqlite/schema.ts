import { type DatabaseSync } from 'node:sqlite';
import { InvalidInputError } from '../../errors.js';
import { STAGES } from '../../types.js';

/**
 * Bumped whenever the DDL below changes; stored in PRAGMA user_version. Version 2 adds the alert
 * tables, version 3 the predictions, runs and run_batches tables (new tables only: re-running
 * the DDL adds them to an older file); version 4 the upload instant of readings, version 5 the
 * date each reading was first known (migration steps below), version 6 the monitor_reports table
 * (a new table: the DDL adds it to an older file).
 */
export const SCHEMA_VERSION = 6;

/**
 * One predictions table per stage (version 3), as MongoDB has one collection per stage: rows keyed
 * by (cups, hour_end), with the local day for "one day of a stage" reads.
 */
function predictionsTable(stage: string): string {
  return `
CREATE TABLE IF NOT EXISTS predictions_${stage} (
  cups TEXT NOT NULL,
  hour_end INTEGER NOT NULL,
  day TEXT NOT NULL,
  wh REAL NOT NULL,
  p10 REAL NOT NULL,
  p90 REAL NOT NULL,
  model_version TEXT NOT NULL,
  run_id TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  fallback TEXT,
  PRIMARY KEY (cups, hour_end)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS predictions_${stage}_day ON predictions_${stage} (day, cups);
`;
}

/**
 * Instants are UTC ms integers. Readings store the kind as its rank (P5D 0, F5D 1, RF5D 2) so that
 * the precedence is one row-value comparison; firm is 0/1/NULL.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS readings (
  cups TEXT NOT NULL,
  hour_end INTEGER NOT NULL,
  wh NUMERIC NOT NULL,
  export_wh NUMERIC,
  kind INTEGER NOT NULL,
  file_date INTEGER NOT NULL,
  version INTEGER NOT NULL,
  method INTEGER,
  firm INTEGER,
  uploaded_at INTEGER NOT NULL DEFAULT 0,
  known_date INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cups, hour_end)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS supplies (
  cups TEXT PRIMARY KEY,
  zone TEXT NOT NULL,
  first_reading INTEGER,
  last_reading INTEGER,
  location TEXT,
  latitude REAL,
  longitude REAL,
  province TEXT,
  tariff TEXT,
  segment INTEGER,
  active INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS files (
  bucket TEXT NOT NULL,
  object TEXT NOT NULL,
  generation TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT,
  status TEXT NOT NULL,
  rows_ok INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  error TEXT,
  PRIMARY KEY (bucket, object, generation)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS files_sha256 ON files (sha256, status, updated_at);

CREATE TABLE IF NOT EXISTS weather (
  location TEXT NOT NULL,
  kind TEXT NOT NULL,
  hour_end INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  temperature_c REAL,
  humidity_pct REAL,
  cloud_pct REAL,
  wind_ms REAL,
  radiation_wm2 REAL,
  source TEXT NOT NULL,
  PRIMARY KEY (location, kind, hour_end, issued_at)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS alert_incidents (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  first_fired_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_incidents_status ON alert_incidents (status, first_fired_at);

CREATE TABLE IF NOT EXISTS alert_notifications (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_notifications_status ON alert_notifications (status, created_at);
CREATE INDEX IF NOT EXISTS alert_notifications_incident ON alert_notifications (incident_id);

${STAGES.map(predictionsTable).join('')}
CREATE TABLE IF NOT EXISTS runs (
  kind TEXT NOT NULL,
  day TEXT NOT NULL,
  stage TEXT NOT NULL,
  run_id TEXT NOT NULL,
  status TEXT NOT NULL,
  planned_at INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (kind, day, stage)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS run_batches (
  run_id TEXT NOT NULL,
  batch INTEGER NOT NULL,
  status TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (run_id, batch)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS monitor_reports (
  date TEXT PRIMARY KEY,
  ran_at INTEGER NOT NULL,
  doc TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Steps from each older version to the next that the DDL alone cannot make, applied in order to a
 * store that has data (up to version 3 the DDL adds the new tables). Version 3 to 4: readings
 * carry the upload instant of their file generation (0 for readings stored before). Version 4 to
 * 5: readings carry the generation date of the earliest file that carried them; for readings
 * stored before, the best left to know is their own file's date.
 */
const MIGRATIONS: Readonly<Record<number, (db: DatabaseSync) => void>> = {
  3: (db) => addColumn(db, 'readings', 'uploaded_at', 'INTEGER NOT NULL DEFAULT 0'),
  4: (db) => {
    addColumn(db, 'readings', 'known_date', 'INTEGER NOT NULL DEFAULT 0');
    db.exec('UPDATE readings SET known_date = file_date WHERE known_date = 0');
  },
};

/** Adds a column unless the table has it already (a file migrated halfway by an older build). */
function addColumn(db: DatabaseSync, table: string, column: string, declaration: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (columns.some((c) => c.name === column)) return;
  db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${declaration};`);
}

/** The file's schema version. @throws InvalidInputError when it is newer than this build's. */
function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  const version = row?.user_version ?? 0;
  if (version > SCHEMA_VERSION) {
    throw new InvalidInputError(
      `SQLite store has schema version ${version}; this build knows up to ${SCHEMA_VERSION}`,
    );
  }
  return version;
}

/**
 * Sets the connection pragmas and creates the schema if it is missing (idempotent).
 * @throws InvalidInputError when the file holds a newer schema than this code knows.
 */
export function migrate(db: DatabaseSync): void {
  // A writer holds the lock for one whole file (one transaction): another process waits for it.
  // The timeout first: switching to WAL itself needs a lock another process may hold.
  db.exec('PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  // Bulk ingestion writes fast: checkpoint the WAL every 64 MB rather than every 4 MB.
  db.exec('PRAGMA wal_autocheckpoint = 16384;');
  if (userVersion(db) === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Read again under the write lock: another process may have migrated meanwhile.
    const version = userVersion(db);
    // Version 0 is an empty file: the DDL creates the current schema at once.
    for (let v = version; v > 0 && v < SCHEMA_VERSION; v++) MIGRATIONS[v]?.(db);
    db.exec(DDL);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
