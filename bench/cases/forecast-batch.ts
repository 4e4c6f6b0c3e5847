import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createLogger } from '../../shared/logging.js';
import { forecastBatch } from '../../shared/pipelines/forecast.js';
import { newRun } from '../../shared/pipelines/forecast-run.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { openForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * One forecast batch end to end (read, features, predict, write, record) through forecastBatch,
 * the model already loaded (an instance's warm cache). Args: workDir fleet n.
 */
const [workDir = '.', fleet = '10000', n = '1000'] = process.argv.slice(2);
const b = await openForecastBench(workDir, Number(fleet), Number(n));
const models = createModelCache(b.blobs);
await models(b.version);
const runId = `bench-${process.pid}`;
const now = () => Date.now();
await b.store.startRun(
  newRun({
    day: b.day,
    stage: 'prod',
    runId,
    plannedAt: now(),
    modelVersion: b.version,
    batchesPlanned: 1,
  }),
);
const deps = {
  store: b.store,
  blobs: b.blobs,
  bus: createMemoryBus(),
  logger: createLogger({ minSeverity: 'ERROR' }),
  now,
  models,
};
const message = {
  runId,
  day: b.day,
  stage: 'prod' as const,
  version: b.version,
  batch: 0,
  batches: 1,
  cups: b.cups,
};
const t0 = performance.now();
const outcome = await forecastBatch(message, deps);
const seconds = (performance.now() - t0) / 1000;
await b.store.close();
if (outcome.outcome !== 'done') throw new Error(`batch ended ${outcome.outcome}`);
const { rows, suppliesForecast, loadMs, modelMs, writeMs } = outcome.record;
reportMeasurement(suppliesForecast / seconds, 'supply-days/s', {
  seconds,
  rows,
  fleet: Number(fleet),
  loadMs,
  modelMs,
  writeMs,
});
