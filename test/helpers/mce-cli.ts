/**
 * The compiled `mce` command for tests that run it as a user would: in a child process, with real
 * files, exit statuses and output streams. The build (tsc into dist/) runs once per test run, under
 * a lock, so that test files running in parallel never read a half-written dist/.
 */
import { execFileSync, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
const MCE = join(ROOT, 'bin/mce.js');

/** Builds dist/ unless this test run (the parent vitest process) already did. */
export function buildCliOnce(): void {
  const marker = join(ROOT, 'dist', `.built-for-${process.ppid}`);
  const id = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  const lock = join(tmpdir(), `mce-cli-build-${id}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes was left by a run that died mid-build.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (existsSync(marker)) return;
    execFileSync(process.execPath, [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
    ]);
    writeFileSync(marker, '');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface MceRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `mce args…` in `cwd` with `env` over the process's environment. */
export function runMce(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): MceRun {
  const run: SpawnSyncReturns<string> = spawnSync(process.execPath, [MCE, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 28,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a shell pipeline `mce args… | rest` (bash, pipefail off); returns mce's own status. */
export function runMcePiped(
  cwd: string,
  args: readonly string[],
  rest: string,
  env: NodeJS.ProcessEnv = {},
): MceRun {
  const quoted = [process.execPath, MCE, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const script = `${quoted.join(' ')} 2>"$MCE_ERR" | ${rest}; echo "status=\${PIPESTATUS[0]}" >&2`;
  const errFile = join(cwd, `.stderr-${process.pid}`);
  const run = spawnSync('bash', ['-c', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, MCE_ERR: errFile },
  });
  const status = Number(/status=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  const stderr = existsSync(errFile) ? readFileSync(errFile, 'utf8') : '';
  rmSync(errFile, { force: true });
  return { status, stdout: run.stdout, stderr };
}

/** Starts `mce args…` without waiting; for tests that kill it or run several at once. */
export function startMce(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [MCE, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
