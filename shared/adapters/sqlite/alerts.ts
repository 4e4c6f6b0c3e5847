import { type DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { type AlertStore } from '../../ports.js';
import { type AlertNotification, type Incident } from '../../types.js';

/**
 * The alert tables: each record is kept whole as JSON beside the columns it is filtered and
 * ordered by. saveAlerts writes notifications and incidents in one transaction.
 */
export function sqliteAlerts(db: DatabaseSync): AlertStore {
  const putIncident = db.prepare(
    `INSERT OR REPLACE INTO alert_incidents (id, status, first_fired_at, updated_at, doc)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const putNotification = db.prepare(
    `INSERT OR REPLACE INTO alert_notifications (id, incident_id, status, created_at, doc)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const select = <T>(sql: string, where: [string, SQLInputValue | undefined][]): T[] => {
    const used = where.filter(([, v]) => v !== undefined);
    const clause = used.length ? ` WHERE ${used.map(([c]) => c).join(' AND ')}` : '';
    const rows = db
      .prepare(sql.replace('%WHERE%', clause))
      .all(...used.map(([, v]) => v as SQLInputValue));
    return (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  };
  return {
    async listIncidents(filter = {}) {
      return select<Incident>(
        'SELECT doc FROM alert_incidents%WHERE% ORDER BY first_fired_at, id',
        [
          ['status = ?', filter.status],
          ['updated_at >= ?', filter.since],
        ],
      );
    },
    async listNotifications(filter = {}) {
      return select<AlertNotification>(
        'SELECT doc FROM alert_notifications%WHERE% ORDER BY created_at, id',
        [
          ['status = ?', filter.status],
          ['incident_id = ?', filter.incidentId],
          ['created_at >= ?', filter.since],
        ],
      );
    },
    async saveAlerts({ incidents = [], notifications = [] }) {
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const n of notifications) {
          putNotification.run(n.id, n.incidentId, n.status, n.createdAt, JSON.stringify(n));
        }
        for (const i of incidents) {
          putIncident.run(i.id, i.status, i.firstFiredAt, i.updatedAt, JSON.stringify(i));
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
  };
}
