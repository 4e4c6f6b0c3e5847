import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createMemoryBus } from '../shared/adapters/bus/memory-bus.js';
import { createFileBlobStore } from '../shared/adapters/files/blob-store.js';
import { addDays } from '../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, localTimeUtc, MARKET_ZONE } from '../shared/calendar/zone.js';
import { forecastOriginUtc } from '../shared/features/origin.js';
import { createLogger } from '../shared/logging.js';
import { runTraining } from '../shared/pipelines/train.js';
import { type Store } from '../shared/ports.js';
import { createModelCache } from '../shared/registry/model-cache.js';
import { readStages } from '../shared/registry/stages.js';
import { runForecastInProcess } from '../shared/runtime/forecast-in-process.js';
import { openStore } from '../shared/runtime/open-store.js';
import { buildFleetData, type FleetData } from '../shared/synth/fleet-data.js';
import { synthSupplyRecord } from '../shared/synth/supply-record.js';
import { type Reading, type WeatherRow } from '../shared/types.js';
import { weatherRows } from './forest-data.js';

/**
 * The forecast benchmark's data: a synthetic fleet of 10,000 supplies (shared/synth) whose last
 * five weeks of readings and the weather a forecast reads are in SQLite stores of 10,000 and of
 * 2,000 of them (the first by CUPS, so both hold the 1,000 a batch case forecasts), and a model
 * (default forest) trained on those 1,000 over 90 days, promoted to prod: as in production, the
 * model knows the supplies it forecasts. Cached in the work dir across runs.
 */
export const FORECAST_BENCH = Object.freeze({
  supplies: 10_000,
  smallFleet: 2_000,
  trainSupplies: 1_000,
  from: '2024-07-01',
  to: '2024-10-30',
  day: '2024-10-29',
  seed: 1,
});
/** Changes whenever the data or the model does, so a cached older set is rebuilt. */
const DATASET_ID = 'forecast-v5';

export interface ForecastBenchPaths {
  dir: string;
  artifacts: string;
  store(supplies: number): string;
  /** The fleet of 10,000 plus every reading of the forecast day (known the day after). */
  monitorBase: string;
  /** The monitor base plus the prod forecast of the day (ensureMonitorBench). */
  monitorReady: string;
  /** The copy of the ready store a monitor case works on (openMonitorBench). */
  monitorRun: string;
}

export function forecastBenchPaths(workDir: string): ForecastBenchPaths {
  const dir = join(workDir, 'forecast');
  return {
    dir,
    artifacts: join(dir, 'artifacts'),
    store: (n) => join(dir, `fleet-${n}.db`),
    monitorBase: join(dir, 'monitor-base.db'),
    monitorReady: join(dir, 'monitor-ready.db'),
    monitorRun: join(dir, 'monitor-run.db'),
  };
}

/** Fleet indices in CUPS order: stores and training take prefixes of it. */
function byCups(data: FleetData): number[] {
  return data.fleet
    .map((s, i) => [s.cups, i] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([, i]) => i);
}

/** YYYYMMDD of the day after a local day: a daily P5D file's generation date. */
function deliveryDate(day: string): number {
  return Number(addDays(day, 1).replaceAll('-', ''));
}

/** Which hours a store receives: by the local day (of the supply's zone) and the hour's end. */
type HourFilter = (day: string, hourEnd: number) => boolean;

/**
 * Supply i's readings of the hours `keep` accepts, as daily P5D files deliver them: each local
 * day's hours (of the supply's zone) in a file generated the day after, which is when they become
 * known (knownDate), so training and forecasts see only what they could have seen.
 */
function readingsOf(data: FleetData, i: number, keep: HourFilter): Reading[] {
  const load = data.loads[i]!.importWh;
  const supply = data.fleet[i]!;
  const out: Reading[] = [];
  for (const [day, [first, end]] of data.dayRanges[supply.location.zone]) {
    const fileDate = deliveryDate(day);
    for (let h = first; h < end; h++) {
      const hourEnd = data.firstHourEnd + h * HOUR_MS;
      if (!(load[h]! >= 0) || !keep(day, hourEnd)) continue;
      out.push({
        cups: supply.cups,
        hourEnd,
        wh: load[h]!,
        exportWh: null,
        kind: 'P5D',
        fileDate,
        knownDate: fileDate,
        version: 0,
        method: null,
        firm: null,
        uploadedAt: 0,
      });
    }
  }
  return out;
}

/** Upserts the readings `keep` accepts of the given supplies, 50 supplies at a time. */
async function fillReadings(
  store: Store,
  data: FleetData,
  indices: readonly number[],
  keep: HourFilter,
): Promise<void> {
  for (let k = 0; k < indices.length; k += 50) {
    const chunk: Reading[] = [];
    for (const i of indices.slice(k, k + 50)) chunk.push(...readingsOf(data, i, keep));
    await store.upsertReadings(chunk);
  }
}

async function fill(
  store: Store,
  data: FleetData,
  indices: readonly number[],
  keep: HourFilter,
  weather: readonly WeatherRow[],
): Promise<void> {
  await store.upsertSupplies(indices.map((i) => synthSupplyRecord(data, i)));
  await fillReadings(store, data, indices, keep);
  for (let i = 0; i < weather.length; i += 20_000) {
    await store.upsertWeather(weather.slice(i, i + 20_000));
  }
}

const sqlite = (path: string) =>
  openStore({ storeUrl: `sqlite:${path}`, mongoDb: '', mongoPredCol: 'p', mongoMeteoCol: 'w' });

/** Builds (a few minutes) or reuses the stores and the registry; returns the prod version. */
export async function ensureForecastBench(
  workDir: string,
  log: (m: string) => void,
): Promise<string> {
  const paths = forecastBenchPaths(workDir);
  const metaPath = join(paths.dir, 'meta.json');
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { id?: string; version?: string };
    const id = `${DATASET_ID}:${JSON.stringify(FORECAST_BENCH)}`;
    if (meta.id === id && meta.version && existsSync(paths.monitorBase)) {
      return meta.version;
    }
  }
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(paths.dir, { recursive: true });
  const b = FORECAST_BENCH;
  const data = buildFleetData(
    {
      supplies: b.supplies,
      from: b.from,
      to: b.to,
      seed: b.seed,
      p5d: 'daily',
      changes: [],
      retailer: '0762',
    },
    () => {},
  );
  log(`forecast: fleet of ${b.supplies} generated`);
  const allWeather = weatherRows(data);
  const order = byCups(data);
  // Training: the first supplies by CUPS, every day, and all weather.
  const train = await sqlite(join(paths.dir, 'train.db'));
  await fill(train, data, order.slice(0, b.trainSupplies), () => true, allWeather);
  await runTraining(
    { runId: 'bench-forecast', options: { windowDays: 90, backtestDays: 14, promote: true } },
    {
      store: train,
      blobs: createFileBlobStore(paths.artifacts),
      bus: createMemoryBus(),
      logger: createLogger({ minSeverity: 'ERROR' }),
      now: () => Date.parse(`${addDays(b.day, -1)}T07:00:00Z`),
      codeRevision: 'bench',
    },
  );
  await train.close();
  rmSync(join(paths.dir, 'train.db'), { force: true });
  const version = (await readStages(createFileBlobStore(paths.artifacts))).doc.prod;
  if (version === null) throw new Error('forecast bench: training registered no prod model');
  log(`forecast: model ${version} trained on ${b.trainSupplies} supplies`);
  // The fleets: five weeks of readings up to the origin, the weather a forecast reads.
  const origin = forecastOriginUtc(b.day, 'Europe/Madrid');
  const [from] = localDayBoundsUtc(addDays(b.day, -35), 'Europe/Madrid');
  const weather = allWeather.filter((w) =>
    w.kind === 'observed'
      ? w.hourEnd > origin - 10 * 24 * HOUR_MS && w.hourEnd <= origin
      : w.issuedAt > origin - 3 * 24 * HOUR_MS && w.issuedAt <= origin,
  );
  for (const n of [b.smallFleet, b.supplies]) {
    const store = await sqlite(paths.store(n));
    await fill(store, data, order.slice(0, n), (_, h) => h > from && h <= origin, weather);
    await store.close();
    log(`forecast: store of ${n} supplies written`);
  }
  // The monitor's: the fleet, and the actuals of the forecast day's hours (the market day's, for
  // Canary supplies too, as forecasts are) as daily P5D files deliver them.
  copyFileSync(paths.store(b.supplies), paths.monitorBase);
  const base = await sqlite(paths.monitorBase);
  const [dayStart, dayEnd] = localDayBoundsUtc(b.day, MARKET_ZONE);
  const ofDay: HourFilter = (_, h) => h > dayStart && h <= dayEnd;
  await fillReadings(base, data, order.slice(0, b.supplies), ofDay);
  await base.close();
  log(`forecast: monitor store with the readings of ${b.day} written`);
  writeFileSync(
    metaPath,
    `${JSON.stringify({ id: `${DATASET_ID}:${JSON.stringify(b)}`, version })}\n`,
  );
  return version;
}

/** A case's view of a bench store: the store, the registry, the prod model and the first n CUPS. */
export async function openForecastBench(workDir: string, fleet: number, n: number) {
  const paths = forecastBenchPaths(workDir);
  const store = await sqlite(paths.store(fleet));
  const blobs = createFileBlobStore(paths.artifacts);
  const version = (await readStages(blobs)).doc.prod;
  if (version === null) throw new Error('forecast bench: no prod model (run forecast-gen first)');
  const cups = (await store.listSupplies())
    .map((s) => s.cups)
    .sort()
    .slice(0, n);
  return { store, blobs, version, cups, day: FORECAST_BENCH.day };
}

/** The monitor bench's days: the forecast day scored, the run day, the run's instant (09:00). */
export const MONITOR_BENCH = Object.freeze({
  day: FORECAST_BENCH.day,
  runDay: addDays(FORECAST_BENCH.day, 1),
  ranAt: localTimeUtc(addDays(FORECAST_BENCH.day, 1), 9, MARKET_ZONE),
});

/**
 * Builds (a minute or two) or reuses the monitor bench's store: the monitor base (fleet of
 * 10,000 with the forecast day's readings) with the prod forecast of that day, as
 * `mce forecast` writes it (batches of 500, in process). Returns the prod version.
 */
export async function ensureMonitorBench(
  workDir: string,
  log: (m: string) => void,
): Promise<string> {
  const version = await ensureForecastBench(workDir, log);
  const paths = forecastBenchPaths(workDir);
  const metaPath = join(paths.dir, 'monitor-meta.json');
  if (existsSync(metaPath) && existsSync(paths.monitorReady)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { version?: string };
    if (meta.version === version) return version;
  }
  const building = `${paths.monitorReady}.building`;
  copyFileSync(paths.monitorBase, building);
  const store = await sqlite(building);
  const blobs = createFileBlobStore(paths.artifacts);
  await runForecastInProcess(
    { tickId: 'bench-monitor', day: MONITOR_BENCH.day, stages: ['prod'], batchSize: 500 },
    {
      store,
      blobs,
      models: createModelCache(blobs),
      logger: createLogger({ minSeverity: 'ERROR' }),
      now: () => forecastOriginUtc(MONITOR_BENCH.day, MARKET_ZONE),
    },
  );
  const run = await store.getRun({ kind: 'forecast', day: MONITOR_BENCH.day, stage: 'prod' });
  await store.close();
  if (run?.status !== 'complete') throw new Error(`monitor bench: forecast run ${run?.status}`);
  renameSync(building, paths.monitorReady);
  writeFileSync(metaPath, `${JSON.stringify({ version })}\n`);
  log(`monitor: prod forecast of ${MONITOR_BENCH.day} for ${run.suppliesForecast} supplies stored`);
  return version;
}

/**
 * A monitor case's view: a fresh copy of the ready store (so every case starts from the same
 * state: no earlier report, alert or e-mail), the registry and the prod version.
 */
export async function openMonitorBench(workDir: string) {
  const paths = forecastBenchPaths(workDir);
  if (!existsSync(paths.monitorReady))
    throw new Error('monitor bench: no prepared store (run monitor-gen first)');
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(`${paths.monitorRun}${suffix}`, { force: true });
  copyFileSync(paths.monitorReady, paths.monitorRun);
  const store = await sqlite(paths.monitorRun);
  const blobs = createFileBlobStore(paths.artifacts);
  const version = (await readStages(blobs)).doc.prod;
  if (version === null) throw new Error('monitor bench: no prod model');
  return { store, blobs, version, dir: paths.dir, ...MONITOR_BENCH };
}

/**
 * CPU seconds of the cheapest of `runs` calls. CPU time, not wall time: on a shared machine other
 * processes stretch wall time but not this process's CPU time; the minimum drops what noise is
 * left. Both sides of a per-core ratio are measured this way.
 */
export function bestOf(f: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    f();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}
