import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureForestDataset } from '../forest-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * Case: writes the benchmark matrix (production features of a synthetic fleet) into the work dir,
 * cached across runs. Args: workDir seed. Extra: the matrix's meta (shape, columns, split).
 */
const [workDir = '.', seed = '1'] = process.argv.slice(2);
const t0 = performance.now();
ensureForestDataset(workDir, Number(seed));
const seconds = (performance.now() - t0) / 1000;
const meta = JSON.parse(readFileSync(join(workDir, 'forest-meta.json'), 'utf8')) as Record<
  string,
  unknown
>;
reportMeasurement(seconds, 's', meta);
