/**
 * The functions image without Docker: assembles what the Dockerfile puts in /app (its COPY lines,
 * its tsc and `npm ci --omit=dev` commands, its ENV) in a temporary folder, then starts every
 * function target with the runtime stage's CMD (`npm start`, the Functions Framework) on
 * loopback under the repo's Node 22 and sends each one a Pub/Sub push it must answer: a stale
 * event, which a healthy handler acknowledges without retry. The build stage's `npm ci` is stood
 * in for by the repo's own node_modules; `npm cache clean` (image size only) is not run, so the
 * shared npm cache is left alone.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copies, execForm, parseDockerfile, type Stage } from './dockerfile.js';
import { functionNames, ROOT } from './repo.js';

const NODE22 = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const stages = parseDockerfile(
  execFileSync('cat', [join(ROOT, 'Dockerfile')], { encoding: 'utf8' }),
);
const build = stages[0]!;
const runtime = stages.at(-1)!;

/** PATH with the repo's Node 22 first, as the node:22 image has it. */
const PATH = `${dirname(NODE22)}:${process.env.PATH ?? ''}`;

/** Maps an image path (/app/x, or relative to WORKDIR /app) into `root`. */
function inside(root: string, imagePath: string): string {
  return join(root, imagePath.replace(/^\/app\/?/, '').replace(/^\.\/?/, ''));
}

/** Runs a stage's RUN commands (each `&&` part) in `dir`, except `npm cache clean`. */
function runCommands(stage: Stage, dir: string): void {
  for (const run of stage.instructions.filter((i) => i.op === 'RUN')) {
    for (const command of run.args.split('&&').map((c) => c.trim())) {
      if (command.startsWith('npm ci') && stage === build) continue; // the repo's node_modules
      if (command.startsWith('npm cache clean')) continue;
      execFileSync('sh', ['-c', command], {
        cwd: dir,
        env: { ...process.env, PATH },
        stdio: 'pipe',
      });
    }
  }
}

/** Copies a stage's COPY sources (from the repo, or from the stage `from`'s folder). */
function copyInto(stage: Stage, dir: string, stageDirs: Record<string, string>): void {
  for (const copy of copies(stage)) {
    for (const source of copy.sources) {
      const from = copy.from ? inside(stageDirs[copy.from]!, source) : join(ROOT, source);
      const dest =
        copy.dest.endsWith('/') || copy.sources.length > 1
          ? join(inside(dir, copy.dest), source.split('/').pop()!)
          : inside(dir, copy.dest);
      cpSync(from, dest, { recursive: true });
    }
  }
}

/** ENV of the runtime stage with ARG defaults substituted. */
function imageEnv(): Record<string, string> {
  const args: Record<string, string> = {};
  const env: Record<string, string> = {};
  for (const i of runtime.instructions) {
    const [name = '', value = ''] = i.args.split('=');
    if (i.op === 'ARG') args[name] = value;
    if (i.op === 'ENV')
      env[name] = value.replace(/\$\{?([A-Z_]+)\}?/g, (_, n: string) => args[n] ?? '');
  }
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function post(url: string, body: unknown, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * A Pub/Sub push envelope published in 2020, older than any MCE_MAX_EVENT_AGE_MS, that every
 * function's parser accepts (storage attributes; a body with a run id and a segment, and the
 * fields of a forecast batch).
 */
const STALE_PUSH = {
  subscription: 'projects/mce-test/subscriptions/bundle',
  message: {
    data: Buffer.from(
      JSON.stringify({
        runId: 'bundle-run',
        segment: 0,
        ...{ day: '2020-01-02', stage: 'prod', version: 'v0', batch: 0, batches: 1, cups: [] },
      }),
    ).toString('base64'),
    attributes: { bucketId: 'raw', objectId: 'F5D_0021_0762_20200101.0', objectGeneration: '1' },
    messageId: 'bundle-1',
    publishTime: '2020-01-01T00:00:00.000Z',
  },
};

describe('the production bundle (what the image holds)', () => {
  const work = mkdtempSync(join(tmpdir(), 'mce-bundle-'));
  const buildDir = join(work, 'build');
  const app = join(work, 'app');
  const served: { name: string; child: ChildProcess; output: string[]; port: number }[] = [];

  beforeAll(async () => {
    mkdirSync(buildDir);
    mkdirSync(app);
    copyInto(build, buildDir, {});
    symlinkSync(join(ROOT, 'node_modules'), join(buildDir, 'node_modules'));
    runCommands(build, buildDir);
    copyInto(runtime, app, { [build.name ?? '0']: buildDir });
    runCommands(runtime, app);

    const cmd = execForm(runtime.instructions.filter((i) => i.op === 'CMD').at(-1)!.args);
    for (const name of functionNames()) {
      const port = await freePort();
      const env = {
        PATH,
        HOME: work,
        ...imageEnv(),
        FUNCTION_TARGET: name,
        PORT: String(port),
        MCE_STORE: `sqlite:${join(work, 'data', `${name}.db`)}`,
        MCE_BLOBS: `file:${join(work, 'blobs')}`,
        MCE_ARTIFACTS: `file:${join(work, 'artifacts')}`,
      };
      const child = spawn(cmd[0]!, cmd.slice(1), {
        cwd: app,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
      served.push({ name, child, output, port });
    }
  }, 300_000);

  afterAll(async () => {
    for (const { child } of served) {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('holds production dependencies only, the compiled functions and the mce command', () => {
    const list = execFileSync('npm', ['ls', '--omit=dev', '--depth=0', '--parseable'], {
      cwd: app,
      env: { ...process.env, PATH },
      encoding: 'utf8',
    });

    expect(list).toContain('functions-framework');
    expect(list).not.toMatch(/typescript|vitest|biome/);
    expect(execFileSync('ls', [join(app, 'dist', 'functions')], { encoding: 'utf8' })).toContain(
      'index.js',
    );
  });

  it.each(functionNames())('serves %s and acknowledges a stale event', async (name) => {
    const { port, output, child } = served.find((s) => s.name === name)!;

    const response = await post(
      `http://127.0.0.1:${port}/projects/mce-test/topics/bundle`,
      STALE_PUSH,
      60_000,
    );

    const log = output.join('');
    expect(
      response.status,
      `${name} answered ${response.status}; exit ${child.exitCode}; output:\n${log}`,
    ).toBeLessThan(300);
    expect(log).toContain('event too old; dropped');
  });

  it('runs the mce command the promotion pipeline uses', () => {
    const out = execFileSync(NODE22, ['bin/mce.js', 'models', 'list', '--json'], {
      cwd: app,
      env: { PATH, HOME: work, MCE_ARTIFACTS: `file:${join(work, 'artifacts')}` },
      encoding: 'utf8',
    });

    expect(JSON.parse(out)).toBeDefined();
  });
});
