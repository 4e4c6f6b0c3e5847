import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Case: runs bench/forest-sklearn.py (scikit-learn's RandomForestRegressor) on the exported matrix
 * and relays its measurement. When python3 or scikit-learn is missing it reports value -1 with
 * extra.skipped, so CI needs no Python. Args: workDir paramsJson.
 */
const [workDir = '.', paramsJson = '{}'] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const script = [
  join(here, '..', '..', '..', 'bench', 'forest-sklearn.py'),
  join(here, '..', 'forest-sklearn.py'),
  join(process.cwd(), 'bench', 'forest-sklearn.py'),
].find((p) => existsSync(p));

function skip(reason: string): void {
  process.stdout.write(
    `${JSON.stringify({ value: -1, unit: 's', peakRssMb: 0, extra: { skipped: true, reason } })}\n`,
  );
}

if (script === undefined) skip('bench/forest-sklearn.py not found');
else {
  const run = spawnSync('python3', [script, workDir, paramsJson], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (run.error) skip(`python3 not runnable: ${run.error.message}`);
  else if (run.status === 3) skip('python3 cannot import scikit-learn');
  else if (run.status !== 0) throw new Error(`forest-sklearn.py exited with ${run.status}`);
  else process.stdout.write(`${run.stdout.trim().split('\n').pop()}\n`);
}
