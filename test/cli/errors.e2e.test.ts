/**
 * Errors a user meets at the command line: each names what was typed (the flag, the value, the
 * host), ends with the documented exit status, and a closed pipe is no error at all.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliOnce, runMce, runMcePiped } from '../helpers/mce-cli.js';
import { meterFileText, testCups } from '../helpers/meter-files.js';

const T0 = Date.UTC(2024, 0, 31, 23);
const CUPS = testCups(1);
/** A big metering file in the test folder (the commands run there). */
const BIG = 'F5D_0021_0762_20240501.0';
let dir = '';
let big = '';

const env = () => ({
  MCE_STORE: `sqlite:${join(dir, 'mce.db')}`,
  MCE_BLOBS: `file:${join(dir, 'blobs')}`,
});
const mce = (...args: string[]) => runMce(dir, args, env());

beforeAll(() => {
  buildCliOnce();
  dir = mkdtempSync(join(tmpdir(), 'mce-errors-'));
  // 30 supplies × 90 days: more output than a pipe holds, so a closed pipe is noticed.
  const supplies = Array.from({ length: 30 }, (_, i) => i + 1);
  big = join(dir, BIG);
  writeFileSync(
    big,
    meterFileText('F5D', supplies, T0, 24 * 90, (s, h) => s + (h % 50)),
  );
  expect(mce('ingest', big).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a closed pipe', () => {
  it.each([
    ['parse', () => ['parse', big]],
    ['readings', () => ['readings', CUPS, '--from', '2024-02-01', '--to', '2024-04-30']],
  ])('ends mce %s | head -1 quietly with status 0', (_, args) => {
    const run = runMcePiped(dir, args(), 'head -1', env());

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('flags', () => {
  it.each([
    [
      ['ingest', '--store', 'postgres://db/x', BIG],
      /--store "postgres:\/\/db\/x" has an unsupported scheme/,
    ],
    [['ingest', '--store', 'mongodb:/u:secret@h', BIG], /--store "mongodb:\/u:\*\*\*@h"/],
    [
      ['ingest', '--blobs', 's3://bucket', BIG],
      /--blobs "s3:\/\/bucket" has an unsupported scheme/,
    ],
    [
      ['models', 'list', '--artifacts', 'gs://'],
      /--artifacts "gs:\/\/" names no path, host or bucket/,
    ],
    [
      ['ingest', '--store', 'sqlite::memory:', BIG],
      /--store sqlite::memory: would be lost when the command ends/,
    ],
  ])('refuses %j naming the flag typed, with status 2', (args, message) => {
    const run = mce(...args);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/MCE_STORE|MCE_BLOBS|MCE_ARTIFACTS|secret/);
  });

  it('reads --artifacts file:DIR as the folder DIR, as --blobs does', () => {
    const folder = join(dir, 'registry');
    mkdirSync(join(folder, 'models'), { recursive: true });
    writeFileSync(
      join(folder, 'models', 'stages.json'),
      JSON.stringify({ prod: null, pre: null, history: [] }),
    );

    const asUrl = mce('models', 'list', '--artifacts', `file:${folder}`, '--json');
    const asFolder = mce('models', 'list', '--artifacts', folder, '--json');

    expect(asUrl.status).toBe(0);
    expect(asUrl.stdout).toBe(asFolder.stdout);
    expect(existsSync(join(dir, 'file:'))).toBe(false);
  });
});

describe('dates', () => {
  it.each([
    [
      ['readings', CUPS, '--from', '2024-02-30', '--to', '2024-03-01'],
      /--from "2024-02-30" is not an existing YYYY-MM-DD day/,
    ],
    [
      ['readings', CUPS, '--from', '2024-03-05', '--to', '2024-03-01'],
      /--from 2024-03-05 is after --to 2024-03-01/,
    ],
    [
      ['readings', CUPS, '--from', '2024-02-01T00:00Z', '--to', '2024-02-31T00:00Z'],
      /--to "2024-02-31T00:00Z"/,
    ],
    [
      ['generate', '--supplies', '2', '--from', '2024-02-30', '--to', '2024-03-01', '--out', 'x'],
      /'--from <day>' argument '2024-02-30' is invalid/,
    ],
    [
      ['generate', '--supplies', '2', '--from', '2024-03-05', '--to', '2024-03-01', '--out', 'x'],
      /--from 2024-03-05 is after --to 2024-03-01/,
    ],
    [
      ['weather', 'ingest', '--date', '2023-02-29'],
      /'--date <day>' argument '2023-02-29' is invalid/,
    ],
    [['report', '--to', '2024-04-31'], /'--to <day>' argument '2024-04-31' is invalid/],
    [
      ['report', '--from', '2024-03-05', '--to', '2024-03-01'],
      /starts after it ends: 2024-03-05 to 2024-03-01/,
    ],
  ])('refuses %j with status 2', (args, message) => {
    const run = mce(...args);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('limits and stores', () => {
  it('refuses a fleet larger than CUPS can number, up front', () => {
    const started = performance.now();

    const run = mce(
      'generate',
      '--supplies',
      '3000000',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-02',
      '--out',
      'fleet',
    );

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/'--supplies <n>' argument '3000000' is invalid\. at most 1000000/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(existsSync(join(dir, 'fleet'))).toBe(false);
  });

  it('names the host and the cause of an unreachable MongoDB, never the password, quickly', () => {
    const url = 'mongodb://mce:hunter2@127.0.0.1:9/?serverSelectionTimeoutMS=500';

    const run = runMce(dir, ['readings', CUPS, '--from', '2024-02-01', '--to', '2024-02-01'], {
      MCE_STORE: url,
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /MongoDB at 127\.0\.0\.1:9 unreachable within 500 ms: .*ECONNREFUSED/,
    );
    expect(run.stderr).not.toContain('hunter2');
  });

  it('refuses an implausible Wh under MCE_MAX_READING_WH, naming file, line and field', () => {
    const file = join(dir, 'F5D_0021_0762_20240601.0');
    writeFileSync(
      file,
      `\xEF\xBB\xBF${CUPS};2024/02/01 01:00;0;5000;;;;;;1;1;I;\n${CUPS};2024/02/01 02:00;0;7;;;;;;1;1;I;\n`,
      'latin1',
    );

    const run = runMce(dir, ['parse', file], { MCE_MAX_READING_WH: '1000' });

    expect(run.status).toBe(3);
    expect(JSON.parse(run.stderr.trim())).toEqual({
      file: 'F5D_0021_0762_20240601.0',
      line: 1,
      field: 'activeImportWh',
      reason: '5000 Wh in one hour is implausible (more than 1000 Wh)',
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints nothing of a truncated file but the error, with status 2', () => {
    const text = readFileSync(big);
    const cutFile = join(dir, 'F5D_0021_0762_20240701.0.gz');
    writeFileSync(cutFile, Buffer.from(gzipSync(text)).subarray(0, 20_000));

    const run = mce('parse', cutFile);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr.trim()).error).toMatch(/corrupt compressed data/);
  });
});
