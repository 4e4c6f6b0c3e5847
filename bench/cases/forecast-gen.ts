import { ensureForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/** Case: builds (or reuses) the forecast bench stores and model. Args: workDir. */
const [workDir = '.'] = process.argv.slice(2);
const t0 = performance.now();
const version = await ensureForecastBench(workDir, (m) => process.stderr.write(`${m}\n`));
reportMeasurement((performance.now() - t0) / 1000, 's', { version });
