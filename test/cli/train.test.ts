import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerModels } from '../../cli/commands/models.js';
import { registerTrain } from '../../cli/commands/train.js';
import { loadConfig } from '../../shared/config.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { createSynthTrainStore, synthFleet } from '../helpers/synth-training.js';

let dir: string;

/** Runs `mce …` in-process, returning what it wrote to stdout and stderr. */
async function mce(...args: string[]): Promise<{ out: string; err: string }> {
  const program = new Command('mce').exitOverride();
  registerTrain(program);
  registerModels(program);
  const out: string[] = [];
  const err: string[] = [];
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((c: string) => out.push(String(c)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => err.push(String(c)) > 0) as typeof process.stderr.write;
  try {
    await program.parseAsync(['node', 'mce', ...args]);
  } catch (error: unknown) {
    // Keep what the command said before it failed.
    throw Object.assign(error as Error, { stderr: err.join('') });
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  return { out: out.join(''), err: err.join('') };
}

beforeEach(async () => {
  // Prepare: a SQLite store holding a small synthetic fleet (readings, supplies, observed weather).
  dir = mkdtempSync(join(tmpdir(), 'mce-train-'));
  const data = synthFleet({ supplies: 10, from: '2023-03-01', to: '2024-04-30', seed: 9 });
  const source = createSynthTrainStore(data);
  const store = await openStore({ ...loadConfig({}), storeUrl: `sqlite:${join(dir, 'mce.db')}` });
  const supplies = await source.listSupplies();
  await store.upsertSupplies(supplies);
  for (const s of supplies) {
    await store.upsertReadings(await source.readings(s.cups, 0, Date.parse('2025-01-01')));
  }
  for (const location of new Set(supplies.map((s) => s.location ?? ''))) {
    await store.upsertWeather(
      await source.weather(location, 'observed', 0, Date.parse('2025-01-01')),
    );
  }
  await store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('mce train', () => {
  it('trains on the SQLite store, reports each segment on stderr and registers the version as pre', async () => {
    // Act
    const store = `sqlite:${join(dir, 'mce.db')}`;
    const artifacts = join(dir, 'artifacts');
    const { out, err } = await mce(
      'train',
      '--store',
      store,
      '--artifacts',
      artifacts,
      '--window-days',
      '300',
      '--backtest-days',
      '14',
      '--json',
    );
    // Assess
    const result = JSON.parse(out);
    expect(result.outcome).toBe('registered');
    for (const key of ['wape', 'mape', 'bias', 'coverage', 'belowP10', 'aboveP90']) {
      expect(Number.isFinite(result.report.model[key])).toBe(true);
    }
    for (const name of ['seasonalNaive', 'mean7', 'median28']) {
      expect(result.report.baselines[name].wape).toBeGreaterThan(result.report.model.wape);
    }
    expect(result.checks.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['skill', 'coverage', 'segment 0: 23-hour day']),
    );
    expect(err).toMatch(/train: segment 1\/\d+ \(\d+ supplies, \d+ rows\) ok, WAPE/);
    const listed = JSON.parse(
      (await mce('models', 'list', '--artifacts', artifacts, '--json')).out,
    );
    expect(listed.stages.pre).toBe(result.version);
  }, 60_000);

  it('warns, before training, when files are still being ingested on the store', async () => {
    // Prepare: a store whose ledger has a file in progress (and nothing to train on yet).
    const path = join(dir, 'busy.db');
    const busy = await openStore({ ...loadConfig({}), storeUrl: `sqlite:${path}` });
    await busy.putFile({
      bucket: 'local',
      object: '/in/F5D_0021_0762_20240301.0',
      generation: '1',
      sha256: '',
      kind: null,
      status: 'processing',
      rowsOk: 0,
      rowsRejected: 0,
      updatedAt: 0,
      error: null,
    });
    await busy.close();

    // Act
    const failure = await mce('train', '--store', `sqlite:${path}`).catch((e: unknown) => e);

    // Assess
    expect(String(failure)).toMatch(/No supply|nothing to train|no supplies/i);
    expect((failure as { stderr: string }).stderr).toMatch(
      /train: warning: 1 files were being ingested .*\(F5D_0021_0762_20240301\.0\)/,
    );
  });
});
