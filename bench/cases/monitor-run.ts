import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createOutboxMailer } from '../../shared/adapters/outbox/mailer.js';
import { loadConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/logging.js';
import { runMonitor } from '../../shared/pipelines/monitor.js';
import { monitorSettings } from '../../shared/pipelines/monitor-settings.js';
import { createModelCache, type ModelSource } from '../../shared/registry/model-cache.js';
import { openMonitorBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * One day's monitoring of the bench fleet (10,000 supplies) on SQLite, as `mce monitor` runs it
 * with the default settings: runMonitor on the day after the forecast day, at 09:00, the model
 * cache cold, alert e-mails written by the outbox mailer into the work dir, the bus in memory (a
 * retrain request is published, not run). Args: workDir. Value: CPU seconds (wall seconds in
 * extra: other processes on a shared machine stretch wall time, not this one's CPU time).
 */
const [workDir = '.'] = process.argv.slice(2);
const b = await openMonitorBench(workDir);
const outbox = join(b.dir, 'outbox');
rmSync(outbox, { recursive: true, force: true });
const cache = createModelCache(b.blobs);
let modelMs = 0;
const models: ModelSource = async (version) => {
  const t = performance.now();
  const model = await cache(version);
  modelMs += performance.now() - t;
  return model;
};
const bus = createMemoryBus();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await runMonitor(
  { date: b.runDay },
  {
    store: b.store,
    blobs: b.blobs,
    bus,
    mailer: createOutboxMailer(outbox),
    logger: createLogger({ minSeverity: 'ERROR' }),
    now: () => b.ranAt,
    models,
    settings: monitorSettings(loadConfig({}), (d) => `mce monitor --date ${d} --show`),
  },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await b.store.close();
const day = report.days.find((d) => d.date === b.day);
const prod = day?.stages.prod;
if (prod === undefined) throw new Error(`${b.day} not scored: ${JSON.stringify(report.days)}`);
reportMeasurement(cpuSeconds, 'CPU s', {
  wallSeconds: seconds,
  supplyHours: prod.hours,
  status: day?.status,
  wape: prod.wape,
  driftFeatures: report.drift.features.length,
  driftSkipped: report.drift.skipped,
  firing: report.alerts.firing.map((f) => f.ruleId),
  sent: report.alerts.sent,
  retrain: report.retrain.requested,
  modelLoadSeconds: modelMs / 1000,
});
