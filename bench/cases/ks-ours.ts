import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ksTwoSample } from '../../shared/monitoring/ks.js';
import { reportMeasurement } from '../harness.js';

/**
 * Case: times ksTwoSample on ks-a.f64 against ks-b.f64 (copy, sort, statistic, p-value), the best
 * of `repeats` runs. Args: workDir repeats. Value: seconds.
 */
const [workDir = '.', repeatsText = '3'] = process.argv.slice(2);
const read = (name: string) => new Float64Array(readFileSync(join(workDir, name)).buffer.slice(0));
const a = read('ks-a.f64');
const b = read('ks-b.f64');
let best = Number.POSITIVE_INFINITY;
let result = ksTwoSample(a, b);
for (let r = 0; r < Number(repeatsText); r++) {
  globalThis.gc?.();
  const t0 = performance.now();
  result = ksTwoSample(a, b);
  best = Math.min(best, (performance.now() - t0) / 1000);
}
reportMeasurement(best, 's', { ...result, n: [a.length, b.length] });
