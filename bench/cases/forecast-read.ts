import { loadBatchData } from '../../shared/pipelines/forecast.js';
import { loadModel } from '../../shared/registry/load-model.js';
import { openForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * Baseline: reading alone, what forecast batches read (loadBatchData: the supplies, their
 * readings over the window, their locations' weather), in batches. Args: workDir fleet n batch.
 */
const [workDir = '.', fleet = '10000', n = '1000', batch = '1000'] = process.argv.slice(2);
const b = await openForecastBench(workDir, Number(fleet), Number(n));
const latency = (await loadModel(b.blobs, { version: b.version })).manifest.data.dataLatencyDays;
const t0 = performance.now();
let supplies = 0;
for (let i = 0; i < b.cups.length; i += Number(batch)) {
  const data = await loadBatchData(b.store, b.cups.slice(i, i + Number(batch)), b.day, latency);
  supplies += data.features.length;
}
const seconds = (performance.now() - t0) / 1000;
await b.store.close();
reportMeasurement(supplies / seconds, 'supply-days/s', { supplies, seconds, fleet: Number(fleet) });
