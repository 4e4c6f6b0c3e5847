/**
 * The demo engine: generates a fleet, ingests its history, trains the first model and replays
 * days of production in the order the scheduler fires them, through the pipelines the functions
 * run. Each replayed day D, in Europe/Madrid time:
 *   06:00  the files generated on D land and are ingested   (ingest-meter-file, on upload)
 *   09:00  the monitor scores the days whose actuals are in, tests drift, alerts, asks for a
 *          retrain and promotes                              (monitor, on monitor-tick; the
 *                                                              retrain: plan-training and
 *                                                              train-segment on train-requested)
 *   10:00  the weather of the day is fetched                 (ingest-weather, on weather-tick)
 *   11:00  D+1 is forecast with prod and, if staged, pre    (plan-forecast, forecast-batch)
 * Every step is idempotent and each finished day is written to demo-state.json, so a killed demo
 * continues from the day it was on.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createFileScratch } from '../../shared/adapters/files/scratch.js';
import { addDays } from '../../shared/calendar/days.js';
import { localTimeUtc } from '../../shared/calendar/zone.js';
import { type Config, loadConfigWith } from '../../shared/config.js';
import { InvalidInputError } from '../../shared/errors.js';
import { type Logger } from '../../shared/logging.js';
import { type IngestResult } from '../../shared/pipelines/ingest.js';
import { ingestWeatherLines } from '../../shared/pipelines/ingest-weather-file.js';
import { monitorSettings } from '../../shared/pipelines/monitor-settings.js';
import { buildReport } from '../../shared/pipelines/report.js';
import { storedForecastRows, storedMonitoring } from '../../shared/pipelines/report-hooks.js';
import { runTraining } from '../../shared/pipelines/train.js';
import { type TrainOptions } from '../../shared/pipelines/train-plan.js';
import { type BlobStore, type Mailer, type OpenScratch, type Store } from '../../shared/ports.js';
import { createModelCache, type ModelSource } from '../../shared/registry/model-cache.js';
import { readStages, type StagesDoc } from '../../shared/registry/stages.js';
import { readChartAssets } from '../../shared/runtime/chart-assets.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import {
  type InProcessRetrain,
  runMonitorInProcess,
} from '../../shared/runtime/monitor-in-process.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { openMailer } from '../../shared/runtime/open-mailer.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { parseChangesSpec } from '../../shared/synth/changes.js';
import { type MonitorReport } from '../../shared/types.js';
import { writeFleet } from '../commands/generate.js';
import { ingestLocalFile, ingestSideFiles } from '../commands/ingest.js';
import { writeReportFile } from '../commands/report.js';
import { stderrLogger } from '../context.js';
import { collectIngestPaths } from '../ingest-paths.js';
import { createProgress } from '../progress.js';
import {
  type DemoCalendar,
  type DemoOptions,
  demoCalendar,
  filesByLandingDay,
} from './demo-plan.js';
import { splitWeatherByTickDay } from './weather-days.js';

const ZONE = 'Europe/Madrid';
const STATE_FILE = 'demo-state.json';

/**
 * Training in the demo: the production defaults but a 240-day window and a 7-day backtest and
 * calibration. A fit ends where its calibration window starts, so with the defaults (28 days) a
 * retrain could not learn a change younger than about a month: four replayed weeks would show no
 * retrained model win. Production keeps the defaults.
 */
export const DEMO_TRAIN_OPTIONS: Readonly<Partial<TrainOptions>> = Object.freeze({
  windowDays: 240,
  backtestDays: 7,
  calibrationDays: 7,
});

/** Where a demo keeps everything, under its folder. */
export interface DemoPaths {
  dir: string;
  fleet: string;
  /** The fleet's weather split by the day of the tick that fetches it. */
  weatherDays: string;
  store: string;
  artifacts: string;
  blobs: string;
  outbox: string;
  report: string;
}

export function demoPaths(dir: string): DemoPaths {
  return {
    dir,
    fleet: join(dir, 'fleet'),
    weatherDays: join(dir, 'weather-days'),
    store: join(dir, 'mce.db'),
    artifacts: join(dir, 'artifacts'),
    blobs: join(dir, 'blobs'),
    outbox: join(dir, 'outbox'),
    report: join(dir, 'report.html'),
  };
}

/** What a demo has done so far (demo-state.json): setup phases, then replayed days. */
interface DemoState {
  options: DemoOptions;
  generated: boolean;
  ingested: boolean;
  trained: boolean;
  replayed: string[];
  /** What each replayed day did, for the summary of a resumed demo too. */
  stats: Record<string, DayStats>;
}

/** What one replayed day did. */
export interface DayStats {
  files: number;
  readings: number;
  forecastRows: number;
  /** Versions registered by the day's retrain, if any. */
  registered: string[];
}

/** One replayed day, as the summary and the progress line show it. */
export interface ReplayedDay extends DayStats {
  day: string;
  report: MonitorReport;
  retrains: InProcessRetrain[];
}

export interface DemoOutcome {
  paths: DemoPaths;
  calendar: DemoCalendar;
  /** Every replayed day's figures (also those of an earlier, interrupted call). */
  stats: Record<string, DayStats>;
  /** The monitor reports of the replayed days, by run day. */
  reports: MonitorReport[];
  /** The registry's stages at the end (prod, pre, every promotion and rollback). */
  stages: StagesDoc;
  /** Days already replayed by an earlier, interrupted call. */
  resumedAfter: number;
}

/** The configuration of a demo folder: SQLite, folders as buckets, the outbox for e-mail. */
export function demoConfig(paths: DemoPaths): Config {
  return loadConfigWith(
    {
      MCE_STORE: `sqlite:${paths.store}`,
      MCE_BLOBS: `file:${paths.blobs}`,
      MCE_ARTIFACTS: `file:${paths.artifacts}`,
      MCE_MAILER: `outbox:${paths.outbox}`,
      MCE_BUS: 'memory',
    },
    {
      MCE_LOG_LEVEL: 'ERROR',
      MCE_ALERT_TO: 'operations@localhost',
      MCE_ALERT_FROM: 'mce@localhost',
      MCE_RETRAIN_COOLDOWN_DAYS: '3',
      MCE_RETRAIN_MAX_PER_30_DAYS: '6',
    },
  );
}

async function readState(dir: string): Promise<DemoState | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as DemoState;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function saveState(dir: string, state: DemoState): Promise<void> {
  const path = join(dir, STATE_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** Everything one demo run holds open. */
interface DemoRuntime {
  config: Config;
  store: Store;
  blobs: BlobStore;
  openScratch: OpenScratch;
  artifacts: BlobStore;
  mailer: Mailer;
  logger: Logger;
  /** Model versions loaded once for the whole run (monitor and forecasts). */
  models: ModelSource;
  paths: DemoPaths;
}

/**
 * Deletes a demo folder for --fresh: only one a demo made (it holds demo-state.json) or an empty
 * one, never a folder of other files given to --out by mistake.
 * @throws InvalidInputError for a folder with other contents
 */
async function clearDemoFolder(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException): string[] => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0 && !entries.includes(STATE_FILE))
    throw new InvalidInputError(
      `${dir} is not a demo folder (no ${STATE_FILE}): --fresh deletes only a folder a demo made`,
    );
  await rm(dir, { recursive: true, force: true });
}

/** Instant of a local hour of a day, UTC ms: the demo's clock. */
function at(day: string, hour: number): number {
  return localTimeUtc(day, hour, ZONE);
}

/**
 * Runs (or continues) a demo in `dir`.
 * @throws InvalidInputError when the folder holds a demo of other options (use --fresh)
 */
export async function runDemo(
  options: DemoOptions,
  dir: string,
  io: { fresh: boolean; say: (line: string) => void },
): Promise<DemoOutcome> {
  const paths = demoPaths(dir);
  if (io.fresh) await clearDemoFolder(dir);
  await mkdir(dir, { recursive: true });
  const calendar = demoCalendar(options);
  const found = await readState(dir);
  if (found !== undefined && JSON.stringify(found.options) !== JSON.stringify(options)) {
    throw new InvalidInputError(
      `${dir} holds a demo with other options (${JSON.stringify(found.options)}): give the same options to continue it, or --fresh to start again`,
    );
  }
  const state: DemoState = found ?? {
    options,
    generated: false,
    ingested: false,
    trained: false,
    replayed: [],
    stats: {},
  };
  const resumedAfter = state.replayed.length;
  if (found !== undefined) io.say(`demo: continuing ${dir} after ${resumedAfter} replayed days`);
  const config = demoConfig(paths);
  const store = await openStore(config);
  const artifacts = openBlobStore(config.artifactsUrl, config);
  const rt: DemoRuntime = {
    config,
    store,
    blobs: openBlobStore(config.blobsUrl, config),
    openScratch: createFileScratch(config.scratchDir),
    artifacts,
    models: createModelCache(artifacts),
    mailer: openMailer(config.mail),
    logger: stderrLogger(config),
    paths,
  };
  try {
    if (!state.generated) {
      io.say(
        `demo: generating ${options.supplies} supplies, ${calendar.from} to ${calendar.to}, change ${calendar.changes}`,
      );
      writeFleet(
        {
          supplies: options.supplies,
          from: calendar.from,
          to: calendar.to,
          seed: options.seed,
          p5d: 'daily',
          changes: parseChangesSpec(calendar.changes),
          retailer: '0762',
        },
        paths.fleet,
        () => {},
      );
      await splitWeatherByTickDay(join(paths.fleet, 'weather'), paths.weatherDays);
      state.generated = true;
      await saveState(dir, state);
    }
    const byDay = filesByLandingDay(await meterFiles(paths.fleet));
    if (!state.ingested) {
      await ingestHistory(rt, paths, byDay, options.start);
      state.ingested = true;
      await saveState(dir, state);
    }
    if (!state.trained) {
      await trainFirstModel(rt, addDays(options.start, -1), io.say);
      state.trained = true;
      await saveState(dir, state);
    }
    const todo = calendar.replayDays.filter((d) => !state.replayed.includes(d));
    const progress = createProgress('replay', calendar.replayDays.length);
    progress.update(state.replayed.length);
    for (const day of todo) {
      const result = await replayDay(rt, day, byDay.get(day) ?? []);
      const { files, readings, forecastRows, registered } = result;
      state.stats[day] = { files, readings, forecastRows, registered };
      state.replayed.push(day);
      await saveState(dir, state);
      progress.update(state.replayed.length, dayDetail(result));
    }
    progress.finish();
    const last = calendar.replayDays.at(-1) ?? options.start;
    await writeDemoReport(rt, options.start, addDays(last, 1));
    return {
      paths,
      calendar,
      stats: state.stats,
      reports: await store.listMonitorReports(options.start, last),
      stages: (await readStages(rt.artifacts)).doc,
      resumedAfter,
    };
  } finally {
    await rt.mailer.close();
    await store.close();
  }
}

/** The HTML report of the replay (forecasts, scores, drift, models, alerts) at paths.report. */
async function writeDemoReport(rt: DemoRuntime, from: string, to: string): Promise<void> {
  const { html } = await buildReport(
    { from, to },
    {
      store: rt.store,
      blobs: rt.artifacts,
      forecastRows: (stage, day) => storedForecastRows(rt.store, stage, day),
      monitoring: (f, t) => storedMonitoring(rt.store, f, t),
      now: () => at(to, 12),
      logger: rt.logger,
      chartAssets: await readChartAssets(),
    },
  );
  await writeReportFile(rt.paths.report, html);
}

function dayDetail(d: ReplayedDay): string {
  const prod = d.report.days.findLast((s) => s.stages.prod !== undefined)?.stages.prod;
  const wape = prod ? ` prod WAPE ${(prod.wape * 100).toFixed(1)} %` : '';
  const alarms = d.report.drift.features.filter((f) => f.alarm).length;
  return `${d.day}: ${d.files} files,${wape}, ${alarms} drift alarms, ${d.report.alerts.firing.length} alerts firing`;
}

async function meterFiles(fleetDir: string): Promise<string[]> {
  const dir = join(fleetDir, 'metering');
  return (await readdir(dir)).map((name) => join(dir, name));
}

/** Ingests metering files in order; returns what they stored. */
async function ingestFiles(
  rt: DemoRuntime,
  files: readonly string[],
  now: number,
  onFile: (i: number) => void = () => {},
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const [i, path] of files.entries()) {
    results.push(await ingestLocalFile(path, rt, { now: () => now }));
    onFile(i + 1);
  }
  return results;
}

/** Supplies, weather, and every metering file that landed before the first replayed day. */
async function ingestHistory(
  rt: DemoRuntime,
  paths: DemoPaths,
  byDay: ReadonlyMap<string, string[]>,
  start: string,
): Promise<void> {
  await ingestSideFiles(await collectIngestPaths([join(paths.fleet, 'supplies.csv')]), rt);
  const weatherDays = (await readdir(paths.weatherDays))
    .map((name) => name.replace(/\.jsonl$/, ''))
    .filter((day) => day < start)
    .sort();
  const weather = createProgress('weather history', weatherDays.length);
  for (const [i, day] of weatherDays.entries()) {
    await ingestWeatherDay(rt, paths, day);
    weather.update(i + 1);
  }
  weather.finish();
  const history = [...byDay].filter(([day]) => day < start).flatMap(([, files]) => files);
  const progress = createProgress('ingest history', history.length);
  await ingestFiles(rt, history, at(addDays(start, -1), 6), (n) => progress.update(n));
  progress.finish();
}

/** The weather a day's 10:00 tick fetches (nothing when the fleet has none for that day). */
async function ingestWeatherDay(rt: DemoRuntime, paths: DemoPaths, day: string): Promise<number> {
  const path = join(paths.weatherDays, `${day}.jsonl`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const lines = (async function* () {
    yield* text.split('\n');
  })();
  const counts = await ingestWeatherLines(lines, `${day}.jsonl`, rt.store);
  if (counts.refused.length > 0)
    throw new Error(`demo weather ${path}: ${counts.refused.length} lines refused`);
  return counts.rows;
}

/** Trains the first model on the history, registers it as prod and forecasts the first day. */
async function trainFirstModel(
  rt: DemoRuntime,
  eve: string,
  say: (line: string) => void,
): Promise<void> {
  say(`demo: training the first model on the history up to ${eve}`);
  let progress: ReturnType<typeof createProgress> | undefined;
  const result = await train(
    rt,
    `train-demo-${eve}`,
    at(eve, 9),
    { promote: true },
    (done, total) => {
      progress ??= createProgress('train', total);
      progress.update(done, `segment ${done}/${total}`);
    },
  );
  progress?.finish();
  say(`demo: first model ${result} registered as prod`);
  await forecast(rt, eve);
}

async function train(
  rt: DemoRuntime,
  runId: string,
  now: number,
  extra: Partial<TrainOptions> = {},
  onSegment: (done: number, total: number) => void = () => {},
): Promise<string> {
  let done = 0;
  const { outcome } = await runTraining(
    { runId, options: { ...DEMO_TRAIN_OPTIONS, ...extra } },
    {
      store: rt.store,
      blobs: rt.artifacts,
      bus: createMemoryBus(),
      logger: rt.logger,
      now: () => now,
      codeRevision: 'demo',
    },
    (_, plan) => onSegment(++done, plan.segments.length),
  );
  if (outcome.outcome === 'registered') return outcome.version;
  if (outcome.outcome === 'rejected') return `none (the gate refused it: ${outcome.reason})`;
  throw new Error(`training ${runId} did not finish: ${outcome.outcome}`);
}

/** The 11:00 forecast of `day` + 1 with prod and, when staged, pre; returns rows written. */
async function forecast(rt: DemoRuntime, day: string): Promise<number> {
  const target = addDays(day, 1);
  const result = await runForecastInProcess(
    { tickId: `demo-${day}`, day: target, batchSize: rt.config.forecastBatchSize },
    {
      store: rt.store,
      blobs: rt.artifacts,
      logger: rt.logger,
      now: () => at(day, 11),
      models: rt.models,
    },
  );
  let rows = 0;
  for (const stage of result.stages) {
    const run = await rt.store.getRun({ kind: 'forecast', day: target, stage: stage.stage });
    rows += run?.rows ?? 0;
  }
  return rows;
}

/** One day of production: files land, the monitor runs (and retrains), tomorrow is forecast. */
async function replayDay(
  rt: DemoRuntime,
  day: string,
  files: readonly string[],
): Promise<ReplayedDay> {
  const ingested = await ingestFiles(rt, files, at(day, 6));
  const { report, retrains } = await runMonitorInProcess(
    { date: day },
    {
      store: rt.store,
      blobs: rt.artifacts,
      models: rt.models,
      mailer: rt.mailer,
      logger: rt.logger,
      now: () => at(day, 9),
      codeRevision: 'demo',
      settings: monitorSettings(rt.config, () => rt.paths.report),
    },
    DEMO_TRAIN_OPTIONS,
  );
  await ingestWeatherDay(rt, rt.paths, day);
  const forecastRows = await forecast(rt, day);
  return {
    day,
    files: files.length,
    readings: ingested.reduce((n, r) => n + r.readings, 0),
    forecastRows,
    registered: retrains.flatMap((r) => (r.outcome === 'registered' ? [r.version] : [])),
    report,
    retrains,
  };
}
