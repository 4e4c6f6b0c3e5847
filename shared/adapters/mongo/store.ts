import { type Collection, type Db, type IndexSpecification, MongoClient } from 'mongodb';
import { type Store } from '../../ports.js';
import { ensureAlertIndexes, mongoAlerts } from './alerts.js';
import { mapConnectError, mapMongoError } from './errors.js';
import { type FileDoc, mongoFiles } from './files.js';
import { type MonitorReportDoc, mongoMonitorReports } from './monitor-reports.js';
import {
  findSupplyPredictions,
  PREDICTION_INDEXES,
  type PredictionDoc,
  replacePredictionDocs,
  streamDayPredictions,
} from './predictions.js';
import { findReadings, type ReadingDoc, streamReadings, upsertReadingDocs } from './readings.js';
import { type BatchDoc, type ClaimDoc, mongoRuns, RUN_BATCH_INDEXES, type RunDoc } from './runs.js';
import { findSupply, listSupplyDocs, type SupplyDoc, upsertSupplyDocs } from './supplies.js';
import { findWeather, upsertWeatherDocs, type WeatherDoc } from './weather.js';

export interface MongoStoreOptions {
  url: string;
  dbName: string;
  /** Weather collection name (MONGO_METEO_COL). */
  weatherCollection: string;
  /** Predictions collection prefix (MONGO_PRED_COL): `<prefix>_prod` and `<prefix>_pre`. */
  predictionsCollection: string;
  /** How long to look for a server before giving up, ms (default: the URL's, else 10 s). */
  serverSelectionTimeoutMs?: number;
}

/**
 * How long to look for a server when neither the caller nor the URL says (the driver's own is
 * 30 s of silence): long enough for a replica-set election, short enough for a person waiting.
 */
export const DEFAULT_SERVER_SELECTION_MS = 10_000;

/**
 * The server selection timeout, ms: explicit, else the URL's serverSelectionTimeoutMS, else the
 * default; `option` says whether the client must be given it (the URL's applies by itself).
 */
function selectionTimeout(url: string, explicit: number | undefined) {
  const fromUrl = /[?&]serverSelectionTimeoutMS=(\d+)/i.exec(url)?.[1];
  if (explicit === undefined && fromUrl !== undefined) return { ms: Number(fromUrl), option: {} };
  const ms = explicit ?? DEFAULT_SERVER_SELECTION_MS;
  return { ms, option: { serverSelectionTimeoutMS: ms } };
}

/** Operations per update command on FerretDB 1.x: it holds one pooled SQLite connection per
 * statement until the command ends, and hangs past 100; MongoDB has no such limit. */
const FERRETDB_UPDATE_CHUNK = 50;
const MONGODB_UPDATE_CHUNK = 10_000;

async function ensureIndexes(
  col: Pick<Collection, 'createIndex'>,
  specs: readonly { key: IndexSpecification; name: string }[],
): Promise<void> {
  // One index per call: FerretDB 1.24 crashes the connection on a multi-index createIndexes
  // whose indexes all exist already.
  for (const s of specs) await col.createIndex(s.key, { name: s.name });
}

async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
}

/**
 * Connects, creates the indexes (idempotent) and returns the store over MongoDB or FerretDB.
 * @throws TransientError naming the host and cause when no server answers in time, or
 * InvalidInputError when it refuses the login (messages never hold the credentials)
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeout = selectionTimeout(options.url, options.serverSelectionTimeoutMs);
  const client = new MongoClient(options.url, timeout.option);
  try {
    await client.connect();
    const db = client.db(options.dbName);
    const readings = db.collection<ReadingDoc>('readings');
    const supplies = db.collection<SupplyDoc>('supplies');
    const files = db.collection<FileDoc>('files');
    const weather = db.collection<WeatherDoc>(options.weatherCollection);
    await ensureIndexes(db.collection('readings'), [{ key: { c: 1, h: 1 }, name: 'c_1_h_1' }]);
    await ensureIndexes(db.collection('files'), [
      { key: { sha256: 1, status: 1, updatedAt: -1 }, name: 'sha256_1_status_1_updatedAt_-1' },
    ]);
    await ensureIndexes(db.collection(options.weatherCollection), [
      { key: { location: 1, kind: 1, hourEnd: 1, issuedAt: 1 }, name: 'location_kind_hour_issued' },
    ]);
    await ensureAlertIndexes(db);
    const predictions = {
      prod: db.collection<PredictionDoc>(`${options.predictionsCollection}_prod`),
      pre: db.collection<PredictionDoc>(`${options.predictionsCollection}_pre`),
    };
    for (const col of Object.values(predictions)) await ensureIndexes(col, PREDICTION_INDEXES);
    await ensureIndexes(db.collection('run_batches'), RUN_BATCH_INDEXES);
    const runs = mongoRuns(
      db.collection<RunDoc>('runs'),
      db.collection<BatchDoc>('run_batches'),
      db.collection<ClaimDoc>('run_claims'),
    );
    const chunk = (await isFerretDb(db)) ? FERRETDB_UPDATE_CHUNK : MONGODB_UPDATE_CHUNK;
    const ledger = mongoFiles(files);
    const alerts = mongoAlerts(db, chunk);
    const monitorReports = mongoMonitorReports(db.collection<MonitorReportDoc>('monitor_reports'));
    const wrap =
      <A extends unknown[], R>(what: string, f: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await f(...args);
        } catch (error) {
          throw mapMongoError(error, what);
        }
      };
    return {
      upsertReadings: wrap('upsert of readings', (rows) =>
        upsertReadingDocs(readings, rows, chunk),
      ),
      upsertReadingBatches: wrap('upsert of readings', async (batches) => {
        const total = { inserted: 0, replaced: 0, unchanged: 0 };
        for await (const rows of batches) {
          const counts = await upsertReadingDocs(readings, rows, chunk);
          total.inserted += counts.inserted;
          total.replaced += counts.replaced;
          total.unchanged += counts.unchanged;
        }
        return total;
      }),
      readings: wrap('read of readings', (cups: string, fromMs: number, toMs: number) =>
        findReadings(readings, cups, fromMs, toMs),
      ),
      readingsBetween: (fromMs, toMs) => streamReadings(readings, fromMs, toMs),
      countReadings: wrap('count of readings', () => readings.countDocuments()),
      upsertSupplies: wrap('upsert of supplies', (patches) =>
        upsertSupplyDocs(supplies, patches, chunk),
      ),
      getSupply: wrap('read of supplies', (cups: string) => findSupply(supplies, cups)),
      listSupplies: wrap('read of supplies', () => listSupplyDocs(supplies)),
      getFile: wrap('read of files', ledger.get),
      findDoneBySha: wrap('read of files', ledger.findDoneBySha),
      putFile: wrap('write of files', ledger.put),
      listFiles: wrap('read of files', ledger.list),
      upsertWeather: wrap('upsert of weather', (rows) => upsertWeatherDocs(weather, rows, chunk)),
      weather: wrap('read of weather', (location: string, kind, fromMs: number, toMs: number) =>
        findWeather(weather, location, kind, fromMs, toMs),
      ),
      listIncidents: wrap('read of alert incidents', alerts.listIncidents),
      listNotifications: wrap('read of alert notifications', alerts.listNotifications),
      saveAlerts: wrap('write of alerts', alerts.saveAlerts),
      replacePredictions: wrap('write of predictions', (stage, days) =>
        replacePredictionDocs(predictions[stage], days, chunk),
      ),
      predictionsOfDay: (stage, day) => streamDayPredictions(predictions[stage], stage, day),
      supplyPredictions: wrap('read of predictions', (stage, cups, fromDay, toDay) =>
        findSupplyPredictions(predictions[stage], stage, cups, fromDay, toDay),
      ),
      startRun: wrap('write of runs', runs.start),
      getRun: wrap('read of runs', runs.get),
      updateRun: wrap('update of runs', runs.update),
      recordBatch: wrap('write of run batches', runs.recordBatch),
      getBatch: wrap('read of run batches', runs.getBatch),
      countBatches: wrap('read of run batches', runs.countBatches),
      listBatches: wrap('read of run batches', runs.listBatches),
      putMonitorReport: wrap('write of monitor reports', monitorReports.putMonitorReport),
      getMonitorReport: wrap('read of monitor reports', monitorReports.getMonitorReport),
      listMonitorReports: wrap('read of monitor reports', monitorReports.listMonitorReports),
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mapConnectError(error, options.url, timeout.ms);
  }
}
