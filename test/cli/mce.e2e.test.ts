/**
 * The `mce` command as a user runs it: the compiled CLI in a child process, real files, exit
 * statuses and output streams. Builds dist/ first (tsc, a few seconds).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliOnce, ROOT, runMce } from '../helpers/mce-cli.js';

const REAL = join(ROOT, '../shared/fixtures/f5d/real');
let dir = '';

function mce(...args: string[]) {
  return runMce(dir, args, {
    MCE_STORE: `sqlite:${join(dir, 'mce.db')}`,
    MCE_BLOBS: `file:${join(dir, 'blobs')}`,
  });
}

beforeAll(() => {
  buildCliOnce();
  dir = mkdtempSync(join(tmpdir(), 'mce-cli-'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mce', () => {
  it('lists its commands, and each command has --help', () => {
    const help = mce('--help');

    expect(help.status).toBe(0);
    for (const command of ['parse', 'ingest', 'readings', 'generate'])
      expect(help.stdout).toContain(command);
    expect(mce('parse', '--help').stdout).toMatch(
      /exit status: 0 every line valid, 3 some lines rejected, 2/,
    );
  });

  it('exits 2 with a message on a missing file', () => {
    const run = mce('parse', join(dir, 'F5D_0021_0762_20240101.0'));

    expect(run.status).toBe(2);
    expect(JSON.parse(run.stderr.trim()).error).toMatch(/ENOENT/);
  });

  it('exits 2 with a message on an unknown file kind', () => {
    const run = mce('parse', join(dir, 'X5D_0021_0762_20240101.0'));

    expect(run.status).toBe(2);
    expect(JSON.parse(run.stderr.trim())).toMatchObject({
      error: expect.stringMatching(/X5D_0021_0762_20240101.0/),
    });
  });
});

const haveReal = existsSync(REAL);
if (!haveReal) console.warn(`skipping mce parse on real fixtures: ${REAL} is absent`);

describe.skipIf(!haveReal)('mce parse on the real fixtures', () => {
  it('prints 1464 readings and exits 0 for a clean file', () => {
    const run = mce('parse', join(REAL, 'F5D_0238_0762_20211008.0'));
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

    expect(run.status).toBe(0);
    expect(lines).toHaveLength(1464);
    expect(lines[0]).toEqual({
      cups: readFileSync(join(REAL, 'F5D_0238_0762_20211008.0'), 'latin1').slice(0, 20),
      hourEnd: '2021-05-31T23:00:00.000Z',
      wh: 189,
      exportWh: null,
      kind: 'F5D',
      fileDate: 20211008,
      version: 0,
      method: 1,
      firm: false,
    });
    expect(run.stderr).toBe('');
  });

  it('exits 3 and reports line 1 of the .1 version on stderr', () => {
    const run = mce('parse', join(REAL, 'F5D_0238_0762_20211008.1'));

    expect(run.status).toBe(3);
    expect(run.stdout.trim().split('\n')).toHaveLength(1463);
    expect(JSON.parse(run.stderr.trim())).toMatchObject({
      line: 1,
      field: 'method',
      reason: expect.any(String),
    });
  });
});

describe('mce generate | ingest | readings', () => {
  it('ingests a generated fleet with no refused line, once', () => {
    const fleet = join(dir, 'fleet');
    expect(
      mce(
        'generate',
        '--supplies',
        '6',
        '--from',
        '2024-03-20',
        '--to',
        '2024-04-05',
        '--out',
        fleet,
        '--seed',
        '5',
      ).status,
    ).toBe(0);

    const first = mce('ingest', fleet);
    const again = mce('ingest', fleet);

    expect(first.stderr).toMatch(/supplies: 6 from supplies.csv/);
    expect(first.stderr).toMatch(/weather: [1-9]\d* rows \([1-9]\d* new\) from observed.jsonl/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/total/);
    const total = (out: string) =>
      out
        .split('\n')
        .find((l) => l.startsWith('total'))!
        .split(/\s+/);
    // total | N files | readings | new | replaced | unchanged | rejected
    expect(Number(total(first.stdout)[3])).toBeGreaterThan(6 * 24 * 14);
    expect(total(first.stdout).at(-1)).toBe('0');
    expect(first.stdout).not.toMatch(/refused/);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already-ingested/);
    expect(total(again.stdout).slice(3)).toEqual(['0', '0', '0', '0', '0']);
  });

  it('prints the stored readings of one supply for a local day, 23 on the March change day', () => {
    const cups = readFileSync(join(dir, 'fleet', 'supplies.csv'), 'utf8')
      .split('\n')[1]!
      .split(',')[0]!;

    const run = mce('readings', cups, '--from', '2024-03-31', '--to', '2024-03-31');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

    expect(run.status).toBe(0);
    expect(lines).toHaveLength(23);
    expect(lines[0]).toMatchObject({
      cups: cups.slice(0, 20),
      hourEnd: '2024-03-31T00:00:00.000Z',
      kind: expect.any(String),
    });
  });
});
