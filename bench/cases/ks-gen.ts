import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../shared/random.js';
import { reportMeasurement } from '../harness.js';

/**
 * Case: writes the two KS samples as little-endian float64 files ks-a.f64 and ks-b.f64: n values
 * each, a bell-shaped sum of four uniforms, b shifted by 0.005 (about 0.01 sd: a small drift).
 * Args: workDir n seed. Value: seconds.
 */
const [workDir = '.', nText = '1000000', seedText = '1'] = process.argv.slice(2);
const n = Number(nText);
const t0 = performance.now();
for (const [name, seed, shift] of [
  ['ks-a.f64', Number(seedText), 0],
  ['ks-b.f64', Number(seedText) + 1, 0.005],
] as const) {
  const rng = createRng(seed);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++)
    values[i] = rng.next() + rng.next() + rng.next() + rng.next() - 2 + shift;
  writeFileSync(join(workDir, name), new Uint8Array(values.buffer));
}
reportMeasurement((performance.now() - t0) / 1000, 's', { n });
