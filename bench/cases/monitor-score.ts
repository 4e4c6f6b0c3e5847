import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../../shared/calendar/days.js';
import { createLogger } from '../../shared/logging.js';
import { scoreForecastDays } from '../../shared/pipelines/monitor-score.js';
import { createRng } from '../../shared/random.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { type Reading } from '../../shared/types.js';
import { FORECAST_BENCH, forecastBenchPaths, openForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * One forecast day's scoring of the whole bench fleet on SQLite, in two processes so that the
 * second's peak RSS is the scoring's own. `prepare`: on a copy of the fleet store, forecasts the
 * day (prod) and stores a P5D actual for every hour (the forecast times a seeded ±30 % noise).
 * `score`: times scoreForecastDays alone on that copy. Args: workDir fleet phase.
 */
const [workDir = '.', fleet = '10000', phase = 'score'] = process.argv.slice(2);
const paths = forecastBenchPaths(workDir);
const copy = join(paths.dir, `monitor-${fleet}.db`);
const day = FORECAST_BENCH.day;
const open = () =>
  openStore({ storeUrl: `sqlite:${copy}`, mongoDb: '', mongoPredCol: 'p', mongoMeteoCol: 'w' });

/** Readings of the day: every forecast hour, the forecast times a seeded noise. */
async function storeActuals(store: Awaited<ReturnType<typeof open>>): Promise<number> {
  const rng = createRng(5);
  const actuals: Reading[] = [];
  for await (const row of store.predictionsOfDay('prod', day)) {
    actuals.push({
      cups: row.cups,
      hourEnd: row.hourEnd,
      wh: Math.round(row.wh * (0.7 + 0.6 * rng.next())),
      exportWh: null,
      kind: 'P5D',
      fileDate: 20241030,
      version: 0,
      method: null,
      firm: null,
      uploadedAt: 0,
    });
  }
  for (let i = 0; i < actuals.length; i += 50_000) {
    await store.upsertReadings(actuals.slice(i, i + 50_000));
  }
  return actuals.length;
}

if (phase === 'prepare') {
  const b = await openForecastBench(workDir, Number(fleet), 1);
  await b.store.close();
  copyFileSync(paths.store(Number(fleet)), copy);
  const store = await open();
  const t0 = performance.now();
  await runForecastInProcess(
    { tickId: `bench-monitor-${process.pid}`, day, stages: ['prod'], batchSize: 500 },
    {
      store,
      blobs: b.blobs,
      models: createModelCache(b.blobs),
      logger: createLogger({ minSeverity: 'ERROR' }),
      now: () => Date.now(),
    },
  );
  const rows = await storeActuals(store);
  await store.close();
  reportMeasurement((performance.now() - t0) / 1000, 's', { rows });
} else {
  const b = await openForecastBench(workDir, Number(fleet), 1);
  await b.store.close();
  const store = await open();
  const t0 = performance.now();
  const days = await scoreForecastDays(
    { store, models: createModelCache(b.blobs) },
    { runDay: addDays(day, 1), lookbackDays: 1, minActualsCoverage: 0.9, previous: new Map() },
  );
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  const prod = days[0]?.stages.prod;
  if (prod === undefined) throw new Error(`day not scored: ${JSON.stringify(days)}`);
  reportMeasurement(seconds, 's', {
    supplyHours: prod.hours,
    wape: prod.wape,
    status: days[0]?.status,
  });
}
