import { localDayBoundsUtc, MARKET_ZONE } from '../../shared/calendar/zone.js';
import { loadBatchData } from '../../shared/pipelines/forecast-data.js';
import { MAX_DRIFT_SUPPLIES } from '../../shared/pipelines/monitor.js';
import { loadModel } from '../../shared/registry/load-model.js';
import { openMonitorBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * Baseline: reading alone what one day's monitoring of the bench fleet reads: the forecast day's
 * predictions (prod, pre) and readings, streamed; the origin data of every forecast supply
 * (loadBatchData, in chunks of 1,000 as the scoring reads them); and the origin data of the drift
 * window's spread of 1,000 supplies. Args: workDir chunk. Value: CPU seconds (wall seconds in
 * extra: other processes on a shared machine stretch wall time, not this one's CPU time).
 */
const [workDir = '.', chunk = '1000'] = process.argv.slice(2);
const b = await openMonitorBench(workDir);
const latency = (await loadModel(b.blobs, { version: b.version })).manifest.data.dataLatencyDays;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let predictions = 0;
const forecast = new Set<string>();
for (const stage of ['prod', 'pre'] as const)
  for await (const row of b.store.predictionsOfDay(stage, b.day)) {
    predictions++;
    forecast.add(row.cups);
  }
const [fromMs, toMs] = localDayBoundsUtc(b.day, MARKET_ZONE);
let readings = 0;
for await (const _ of b.store.readingsBetween(fromMs, toMs)) readings++;
const cups = [...forecast].sort();
let originSupplies = 0;
for (let i = 0; i < cups.length; i += Number(chunk)) {
  const data = await loadBatchData(b.store, cups.slice(i, i + Number(chunk)), b.day, latency);
  originSupplies += data.features.length;
}
// The drift window's spread: every (n / 1,000)-th supply by CUPS, as the monitor picks them.
const drift =
  cups.length <= MAX_DRIFT_SUPPLIES
    ? cups
    : Array.from(
        { length: MAX_DRIFT_SUPPLIES },
        (_, i) => cups[Math.floor((i * cups.length) / MAX_DRIFT_SUPPLIES)] as string,
      );
const driftData = await loadBatchData(b.store, drift, b.day, latency);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await b.store.close();
reportMeasurement(cpuSeconds, 'CPU s', {
  wallSeconds: seconds,
  predictions,
  readings,
  originSupplies,
  driftSupplies: driftData.features.length,
});
