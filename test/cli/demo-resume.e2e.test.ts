/**
 * A demo killed mid-replay (SIGKILL, no chance to clean up) and run again continues from the day
 * it was on and ends in the same state as a demo never interrupted: the same forecasts, model
 * versions and stages, monitor findings, incidents and e-mails.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/calendar/days.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { buildCliOnce, ROOT, runMce } from '../helpers/mce-cli.js';

const START = '2024-03-18';
const DAYS = 5;
const ARGS = [
  'demo',
  '--supplies',
  '12',
  '--history-days',
  '200',
  '--days',
  String(DAYS),
  '--seed',
  '2',
];

let dir: string;

/** Everything a user could look at after a demo, in a comparable form. */
async function finalState(out: string) {
  const store = await openStore({
    storeUrl: `sqlite:${join(out, 'mce.db')}`,
    mongoDb: '',
    mongoPredCol: 'p',
    mongoMeteoCol: 'w',
  });
  try {
    const predictions: string[] = [];
    for (let i = 0; i <= DAYS; i++)
      for (const stage of ['prod', 'pre'] as const)
        for await (const r of store.predictionsOfDay(stage, addDays(START, i)))
          predictions.push(
            JSON.stringify([stage, r.cups, r.hourEnd, r.wh, r.p10, r.p90, r.modelVersion, r.runId]),
          );
    // Alert counters say what this run did (a resumed day finds its incidents already mailed);
    // a day's input fingerprint holds upload instants (the fleet files' times, not the demo's).
    const reports = (await store.listMonitorReports(START, addDays(START, DAYS))).map(
      ({ alerts: { firing }, days, ...rest }) => ({
        ...rest,
        firing,
        days: days.map(({ inputs: _, ...day }) => day),
      }),
    );
    const incidents = (await store.listIncidents()).map(({ id, status, severity, summary }) => ({
      id,
      status,
      severity,
      summary,
    }));
    return {
      predictions: predictions.sort(),
      reports,
      incidents,
      stages: readFileSync(join(out, 'artifacts', 'models', 'stages.json'), 'utf8'),
      outbox: existsSync(join(out, 'outbox')) ? readdirSync(join(out, 'outbox')).sort() : [],
    };
  } finally {
    await store.close();
  }
}

/** Starts the demo and SIGKILLs it once `days` days are replayed; resolves when it is dead. */
function killAfter(out: string, days: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/mce.js'), ...ARGS, '--out', out], {
      cwd: dir,
      stdio: 'ignore',
    });
    const state = join(dir, out, 'demo-state.json');
    const poll = setInterval(() => {
      try {
        const replayed = (JSON.parse(readFileSync(state, 'utf8')) as { replayed: string[] })
          .replayed;
        if (replayed.length >= days) child.kill('SIGKILL');
      } catch {
        // not written yet, or being replaced
      }
    }, 50);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the demo ended (${code}) before it could be killed`));
    });
  });
}

beforeAll(async () => {
  buildCliOnce();
  dir = await mkdtemp(join(tmpdir(), 'mce-demo-resume-'));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('mce demo, killed and run again', () => {
  it('continues where it stopped and ends as an uninterrupted demo', async () => {
    const whole = runMce(dir, [...ARGS, '--out', 'whole']);
    expect(whole.status, whole.stderr).toBe(0);

    await killAfter('killed', 2);
    const state = JSON.parse(readFileSync(join(dir, 'killed', 'demo-state.json'), 'utf8')) as {
      replayed: string[];
    };
    expect(state.replayed.length).toBeLessThan(DAYS);
    const resumed = runMce(dir, [...ARGS, '--out', 'killed']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/continuing .*killed after [2-4] replayed days/);

    const [a, b] = [await finalState(join(dir, 'whole')), await finalState(join(dir, 'killed'))];
    expect(b.predictions.length).toBeGreaterThan(0);
    expect(b.predictions).toEqual(a.predictions);
    expect(b.reports).toEqual(a.reports);
    expect(b.incidents).toEqual(a.incidents);
    expect(b.stages).toEqual(a.stages);
    expect(b.outbox).toEqual(a.outbox);
  }, 600_000);

  it('refuses --fresh on a folder a demo did not make, deleting nothing', () => {
    const run = runMce(dir, [...ARGS, '--out', '.', '--fresh']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is not a demo folder \(no demo-state\.json\)/);
    expect(existsSync(join(dir, 'whole', 'demo-state.json'))).toBe(true);
  });

  it('refuses other options in the same folder unless --fresh', () => {
    const other = runMce(dir, [...ARGS.slice(0, -1), '9', '--out', 'whole']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds a demo with other options.*--fresh/);
  });
});
