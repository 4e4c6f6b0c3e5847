import { ensureMonitorBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/** Case: builds (or reuses) the monitor bench store (forecast bench + the day's forecast). */
const [workDir = '.'] = process.argv.slice(2);
const t0 = performance.now();
const version = await ensureMonitorBench(workDir, (m) => process.stderr.write(`${m}\n`));
reportMeasurement((performance.now() - t0) / 1000, 's', { version });
