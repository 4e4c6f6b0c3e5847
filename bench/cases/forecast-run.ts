import { createLogger } from '../../shared/logging.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import { openForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * The whole fleet's day-ahead forecast (prod) as `mce forecast` runs it: plan, then every batch
 * through the in-process bus, on SQLite. Args: workDir fleet batchSize.
 */
const [workDir = '.', fleet = '10000', batchSize = '500'] = process.argv.slice(2);
const b = await openForecastBench(workDir, Number(fleet), Number(fleet));
const t0 = performance.now();
const result = await runForecastInProcess(
  { tickId: `bench-${process.pid}`, day: b.day, stages: ['prod'], batchSize: Number(batchSize) },
  {
    store: b.store,
    blobs: b.blobs,
    logger: createLogger({ minSeverity: 'ERROR' }),
    now: () => Date.now(),
    models: createModelCache(b.blobs),
  },
);
const seconds = (performance.now() - t0) / 1000;
const run = await b.store.getRun({ kind: 'forecast', day: b.day, stage: 'prod' });
await b.store.close();
if (run?.status !== 'complete') throw new Error(`run ended ${run?.status}`);
reportMeasurement(run.suppliesForecast / seconds, 'supply-days/s', {
  seconds,
  supplies: run.suppliesForecast,
  rows: run.rows,
  batches: result.batches.length,
  fallbacks: run.fallbacks,
  timings: run.timings,
});
