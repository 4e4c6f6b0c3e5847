import { type Collection, type Db, type Filter } from 'mongodb';
import { type AlertStore } from '../../ports.js';
import { type AlertNotification, type Incident } from '../../types.js';

type IncidentDoc = Omit<Incident, 'id'> & { _id: string };
type NotificationDoc = Omit<AlertNotification, 'id'> & { _id: string };

function toDoc<T extends { id: string }>(record: T): Omit<T, 'id'> & { _id: string } {
  const { id, ...rest } = record;
  return { _id: id, ...rest };
}

function fromDoc<T extends { id: string }>(doc: Omit<T, 'id'> & { _id: string }): T {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest } as unknown as T;
}

async function upsertAll(
  col: Collection<{ _id: string }>,
  docs: readonly { _id: string }[],
  chunk: number,
): Promise<void> {
  for (let i = 0; i < docs.length; i += chunk) {
    const ops = docs.slice(i, i + chunk).map((doc) => ({
      replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true },
    }));
    await col.bulkWrite(ops, { ordered: true });
  }
}

/** Creates the alert collections' indexes (one per call, as FerretDB 1.24 needs). */
export async function ensureAlertIndexes(db: Db): Promise<void> {
  await db
    .collection('alert_incidents')
    .createIndex({ status: 1, firstFiredAt: 1 }, { name: 'status_1_firstFiredAt_1' });
  await db
    .collection('alert_notifications')
    .createIndex({ status: 1, createdAt: 1 }, { name: 'status_1_createdAt_1' });
}

/** The alert incidents and notifications over two collections (ids as _id). */
export function mongoAlerts(db: Db, chunk: number): AlertStore {
  const incidents = db.collection<IncidentDoc>('alert_incidents');
  const notifications = db.collection<NotificationDoc>('alert_notifications');
  return {
    async listIncidents(filter = {}) {
      const query: Filter<IncidentDoc> = {};
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.since !== undefined) query.updatedAt = { $gte: filter.since };
      const docs = await incidents.find(query).sort({ firstFiredAt: 1, _id: 1 }).toArray();
      return docs.map((d) => fromDoc<Incident>(d as IncidentDoc));
    },
    async listNotifications(filter = {}) {
      const query: Filter<NotificationDoc> = {};
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.incidentId !== undefined) query.incidentId = filter.incidentId;
      if (filter.since !== undefined) query.createdAt = { $gte: filter.since };
      const docs = await notifications.find(query).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map((d) => fromDoc<AlertNotification>(d as NotificationDoc));
    },
    async saveAlerts(change) {
      const raw = (name: string) => db.collection<{ _id: string }>(name);
      await upsertAll(raw('alert_notifications'), (change.notifications ?? []).map(toDoc), chunk);
      await upsertAll(raw('alert_incidents'), (change.incidents ?? []).map(toDoc), chunk);
    },
  };
}
