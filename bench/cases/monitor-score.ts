import { scoreForecastDays } from '../../shared/pipelines/monitor-score.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { openMonitorBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * The scoring step alone of one day's monitoring (scoreForecastDays: the forecast day of the whole
 * bench fleet against its actuals, with the baselines from the origin features), on a fresh copy
 * of the monitor bench store, the model cache cold. Args: workDir. Value: CPU seconds (wall
 * seconds in extra: other processes on a shared machine stretch wall time, not this one's CPU
 * time).
 */
const [workDir = '.'] = process.argv.slice(2);
const b = await openMonitorBench(workDir);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const days = await scoreForecastDays(
  { store: b.store, models: createModelCache(b.blobs) },
  { runDay: b.runDay, lookbackDays: 1, minActualsCoverage: 0.9, previous: new Map() },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await b.store.close();
const prod = days[0]?.stages.prod;
if (prod === undefined) throw new Error(`day not scored: ${JSON.stringify(days)}`);
reportMeasurement(cpuSeconds, 'CPU s', {
  wallSeconds: seconds,
  supplyHours: prod.hours,
  wape: prod.wape,
  status: days[0]?.status,
});
