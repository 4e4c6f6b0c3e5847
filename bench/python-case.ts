import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs a Python baseline script of bench/ and relays its one-line measurement. When Python or the
 * library the script needs is missing it reports value -1 with extra.skipped and the reason, so
 * that CI needs no Python. The interpreter is MCE_BENCH_PYTHON (a virtualenv's python, say) or
 * python3. A script exits 3 when it cannot import its library.
 */
export function relayPythonCase(script: string, args: readonly string[], library: string): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = [
    join(here, '..', '..', 'bench', script),
    join(here, '..', script),
    join(process.cwd(), 'bench', script),
  ].find((p) => existsSync(p));
  const skip = (reason: string): void => {
    const m = { value: -1, unit: 's', peakRssMb: 0, extra: { skipped: true, reason } };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  };
  if (path === undefined) {
    skip(`bench/${script} not found`);
    return;
  }
  const python = process.env.MCE_BENCH_PYTHON || 'python3';
  const run = spawnSync(python, [path, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (run.error) skip(`${python} not runnable: ${run.error.message}`);
  else if (run.status === 3) skip(`${python} cannot import ${library}`);
  else if (run.status !== 0) throw new Error(`${script} exited with ${run.status}`);
  else process.stdout.write(`${run.stdout.trim().split('\n').pop()}\n`);
}
