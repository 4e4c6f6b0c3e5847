import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Store } from '../../ports.js';
import { sqliteAlerts } from './alerts.js';
import { sqliteFiles } from './files.js';
import { sqliteMonitorReports } from './monitor-reports.js';
import { sqlitePredictions } from './predictions.js';
import { sqliteReadings } from './readings.js';
import { sqliteRuns } from './runs.js';
import { migrate } from './schema.js';
import { sqliteSupplies } from './supplies.js';
import { sqliteWeather } from './weather.js';

/**
 * Runs async work on the connection one piece at a time: a file's readings are one transaction
 * that spans awaits, and nothing else on this connection may slip into it (a write would commit
 * or roll back with it; a read would see it half done).
 */
function createExclusive(): <T>(work: () => T | Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

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
  const monitorReports = sqliteMonitorReports(db);
  const exclusive = createExclusive();
  let open = true;
  // The port is async (the MongoDB adapter needs it); SQLite work is synchronous underneath.
  // readingsBetween pages outside the queue: it must not be consumed inside upsertReadingBatches.
  return {
    upsertReadings: (rows) => exclusive(() => readings.upsert([rows])),
    upsertReadingBatches: (batches) => exclusive(() => readings.upsert(batches)),
    readings: (cups, fromMs, toMs) => exclusive(() => readings.range(cups, fromMs, toMs)),
    readingsBetween: (fromMs, toMs) => readings.between(fromMs, toMs),
    countReadings: () => exclusive(() => readings.count()),
    upsertSupplies: (patches) => exclusive(() => supplies.upsert(patches)),
    getSupply: (cups) => exclusive(() => supplies.get(cups)),
    listSupplies: () => exclusive(() => supplies.list()),
    getFile: (bucket, object, generation) => exclusive(() => files.get(bucket, object, generation)),
    findDoneBySha: (sha256) => exclusive(() => files.findDoneBySha(sha256)),
    putFile: (record) => exclusive(() => files.put(record)),
    listFiles: () => exclusive(() => files.list()),
    upsertWeather: (rows) => exclusive(() => weather.upsert(rows)),
    weather: (location, kind, fromMs, toMs) =>
      exclusive(() => weather.query(location, kind, fromMs, toMs)),
    listIncidents: (filter) => exclusive(() => alerts.listIncidents(filter)),
    listNotifications: (filter) => exclusive(() => alerts.listNotifications(filter)),
    saveAlerts: (change) => exclusive(() => alerts.saveAlerts(change)),
    replacePredictions: (stage, days) => exclusive(() => predictions.replace(stage, days)),
    predictionsOfDay: (stage, day) => predictions.ofDay(stage, day),
    supplyPredictions: (stage, cups, fromDay, toDay) =>
      exclusive(() => predictions.ofSupply(stage, cups, fromDay, toDay)),
    startRun: (run) => exclusive(() => runs.start(run)),
    getRun: (key) => exclusive(() => runs.get(key)),
    updateRun: (key, runId, from, patch) => exclusive(() => runs.update(key, runId, from, patch)),
    recordBatch: (record) => exclusive(() => runs.recordBatch(record)),
    getBatch: (runId, batch) => exclusive(() => runs.getBatch(runId, batch)),
    countBatches: (runId) => exclusive(() => runs.countBatches(runId)),
    listBatches: (runId) => exclusive(() => runs.listBatches(runId)),
    putMonitorReport: (report) => exclusive(() => monitorReports.put(report)),
    getMonitorReport: (date) => exclusive(() => monitorReports.get(date)),
    listMonitorReports: (from, to) => exclusive(() => monitorReports.list(from, to)),
    close: () =>
      exclusive(() => {
        if (!open) return;
        open = false;
        db.close();
      }),
  };
}
