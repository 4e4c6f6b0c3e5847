import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWeather } from '../../cli/commands/weather.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { parseSuppliesCsv } from '../../shared/synth/supplies-csv.js';
import { writeSynthDir } from '../helpers/synth-dir.js';

let synth = '';
let work = '';
/** A location of the generated fleet (which ones depends on the seeded draws). */
let place = '';
const storeConfig = () => ({
  storeUrl: `sqlite:${join(work, 'mce.db')}`,
  mongoDb: 'x',
  mongoPredCol: 'p',
  mongoMeteoCol: 'w',
});

beforeAll(async () => {
  synth = writeSynthDir();
  work = mkdtempSync(join(tmpdir(), 'mce-weather-cli-'));
  const store = await openStore(storeConfig());
  const supplies = parseSuppliesCsv(readFileSync(join(synth, 'supplies.csv'), 'utf8'), 'x.csv');
  await store.upsertSupplies(supplies);
  await store.close();
  place = supplies[0]?.location ?? '';
});
afterAll(() => {
  rmSync(synth, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<void> {
  const program = new Command('mce').exitOverride();
  program.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerWeather(program);
  await program.parseAsync([
    'node',
    'mce',
    'weather',
    'ingest',
    ...args,
    '--store',
    storeConfig().storeUrl,
  ]);
}

describe('mce weather ingest', () => {
  it('stores a replayed day from generated files, and flags a partial day with exit status 3', async () => {
    const before = process.exitCode;
    try {
      await run('--source', 'files', '--dir', synth, '--date', '2024-03-27');
      const complete = process.exitCode;
      await run('--source', 'files', '--dir', synth, '--date', '2024-04-03', '--kinds', 'forecast');
      const partial = process.exitCode;

      const store = await openStore(storeConfig());
      const observed = await store.weather(place, 'observed', 0, Number.MAX_SAFE_INTEGER);
      await store.close();
      expect(observed).toHaveLength(48);
      expect(complete).toBe(before);
      expect(partial).toBe(3);
    } finally {
      process.exitCode = before;
    }
  });

  it('refuses an unknown source and unknown kinds', async () => {
    await expect(run('--source', 'meteocat')).rejects.toThrow('expected one of');
    await expect(run('--source', 'files', '--dir', synth, '--kinds', 'rain')).rejects.toThrow(
      '--kinds',
    );
  });
});
