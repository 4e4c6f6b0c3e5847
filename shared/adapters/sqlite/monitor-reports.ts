import { type DatabaseSync } from 'node:sqlite';
import { type MonitorReport } from '../../types.js';

/** The monitor_reports table: one JSON document per run day (nothing queries inside it). */
export interface SqliteMonitorReports {
  put(report: MonitorReport): void;
  get(date: string): MonitorReport | undefined;
  list(from: string, to: string): MonitorReport[];
}

/** Prepares the monitor report statements on `db` (schema already migrated). */
export function sqliteMonitorReports(db: DatabaseSync): SqliteMonitorReports {
  const putStmt = db.prepare(
    'INSERT OR REPLACE INTO monitor_reports (date, ran_at, doc) VALUES (?, ?, ?)',
  );
  const getStmt = db.prepare('SELECT doc FROM monitor_reports WHERE date = ?');
  const listStmt = db.prepare(
    'SELECT doc FROM monitor_reports WHERE date >= ? AND date <= ? ORDER BY date',
  );
  return {
    put(report) {
      putStmt.run(report.date, report.ranAt, JSON.stringify(report));
    },
    get(date) {
      const row = getStmt.get(date) as { doc: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.doc) as MonitorReport);
    },
    list(from, to) {
      return (listStmt.all(from, to) as { doc: string }[]).map(
        (row) => JSON.parse(row.doc) as MonitorReport,
      );
    },
  };
}
