import { ensureForestDataset } from '../forest-data.js';
import { reportMeasurement } from '../harness.js';

/** Case: writes the benchmark matrix into the work dir (cached across runs). Args: workDir seed. */
const [workDir = '.', seed = '1'] = process.argv.slice(2);
const t0 = performance.now();
ensureForestDataset(workDir, Number(seed));
reportMeasurement((performance.now() - t0) / 1000, 's');
