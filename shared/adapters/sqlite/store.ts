import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Store } from '../../ports.js';
import { sqliteAlerts } from './alerts.js';
import { sqliteFiles } from './files.js';
import { sqlitePredictions } from './predictions.js';
import { sqliteReadings } from './readings.js';
import { sqliteRuns } from './runs.js';
import { migrate } from './schema.js';
import { sqliteSupplies } from './supplies.js';
import { sqliteWeather } from './weather.js';

/**
 * Opens (creating folders, file and schema as needed) the embedded store at `path`, or an
 * in-memory one for ':memory:'. One connection, WAL mode, synchronous=NORMAL.
 * @throws InvalidInputError when the file holds a newer schema version.
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const readings = sqliteReadings(db);
  const supplies = sqliteSupplies(db);
  const files = sqliteFiles(db);
  const weather = sqliteWeather(db);
  const alerts = sqliteAlerts(db);
  const predictions = sqlitePredictions(db);
  const runs = sqliteRuns(db);
  let open = true;
  // The port is async (the MongoDB adapter needs it); SQLite work is synchronous underneath.
  return {
    upsertReadings: async (rows) => readings.upsert(rows),
    readings: async (cups, fromMs, toMs) => readings.range(cups, fromMs, toMs),
    readingsBetween: (fromMs, toMs) => readings.between(fromMs, toMs),
    countReadings: async () => readings.count(),
    upsertSupplies: async (patches) => supplies.upsert(patches),
    getSupply: async (cups) => supplies.get(cups),
    listSupplies: async () => supplies.list(),
    getFile: async (bucket, object, generation) => files.get(bucket, object, generation),
    findDoneBySha: async (sha256) => files.findDoneBySha(sha256),
    putFile: async (record) => files.put(record),
    listFiles: async () => files.list(),
    upsertWeather: async (rows) => weather.upsert(rows),
    weather: async (location, kind, fromMs, toMs) => weather.query(location, kind, fromMs, toMs),
    listIncidents: alerts.listIncidents,
    listNotifications: alerts.listNotifications,
    saveAlerts: alerts.saveAlerts,
    replacePredictions: async (stage, days) => predictions.replace(stage, days),
    predictionsOfDay: (stage, day) => predictions.ofDay(stage, day),
    supplyPredictions: async (stage, cups, fromDay, toDay) =>
      predictions.ofSupply(stage, cups, fromDay, toDay),
    startRun: async (run) => runs.start(run),
    getRun: async (key) => runs.get(key),
    updateRun: async (key, runId, from, patch) => runs.update(key, runId, from, patch),
    recordBatch: async (record) => runs.recordBatch(record),
    getBatch: async (runId, batch) => runs.getBatch(runId, batch),
    countBatches: async (runId) => runs.countBatches(runId),
    listBatches: async (runId) => runs.listBatches(runId),
    async close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}
