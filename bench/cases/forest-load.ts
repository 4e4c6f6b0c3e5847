import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forestFromBytes } from '../../shared/models/forest.js';
import { reportMeasurement } from '../harness.js';

/** Case: reads forest-model.bin and decodes it (file read included). Args: workDir. Value: ms. */
const [workDir = '.'] = process.argv.slice(2);
const t0 = performance.now();
const forest = forestFromBytes(readFileSync(join(workDir, 'forest-model.bin')));
const ms = performance.now() - t0;
reportMeasurement(ms, 'ms', { nodes: forest.feature.length });
