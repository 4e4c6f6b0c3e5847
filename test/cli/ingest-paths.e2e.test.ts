/**
 * `mce ingest` given what a user may really give it: folders with broken entries, files that are
 * not metering files, paths that do not exist, files edited under the same name.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCliOnce, runMce } from '../helpers/mce-cli.js';
import { meterFileText, testCups } from '../helpers/meter-files.js';

const T0 = Date.UTC(2024, 0, 31, 23);
const GOOD = 'F5D_0021_0762_20240301.0';
let root = '';
let dir = '';

const env = () => ({
  MCE_STORE: `sqlite:${join(dir, 'store', 'mce.db')}`,
  MCE_BLOBS: `file:${join(dir, 'blobs')}`,
});
const mce = (...args: string[]) => runMce(dir, args, env());
const total = (stdout: string) =>
  stdout
    .split('\n')
    .find((l) => l.startsWith('total'))
    ?.split(/\s+/)
    .slice(3)
    .map(Number);

beforeAll(() => {
  buildCliOnce();
  root = mkdtempSync(join(tmpdir(), 'mce-paths-'));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
});

describe('mce ingest: a folder with broken entries', () => {
  it('ingests every good file, reports each bad entry by file, line and field, and exits 3', () => {
    const fleet = join(dir, 'fleet');
    mkdirSync(join(fleet, 'sub'), { recursive: true });
    writeFileSync(
      join(fleet, GOOD),
      meterFileText('F5D', [1], T0, 24, () => 5),
    );
    symlinkSync(join(fleet, 'gone'), join(fleet, 'dangling'));
    symlinkSync(fleet, join(fleet, 'sub', 'loop'));
    writeFileSync(
      join(fleet, 'supplies.csv'),
      `cups,latitude,longitude,zone\n${testCups(1)},40.4,-3.7,Europe/Madrid\n${testCups(2)},140,-3.7,Europe/Madrid\n`,
    );
    const row = {
      location: '40.40,-3.70',
      hourEnd: '2024-02-01T00:00:00.000Z',
      kind: 'observed',
      issuedAt: '2024-02-01T00:00:00.000Z',
      temperatureC: 8,
    };
    writeFileSync(
      join(fleet, 'observed.jsonl'),
      `${JSON.stringify(row)}\n{"location":"x","hourEnd":"soon"}\n`,
    );

    const run = mce('ingest', fleet);

    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`refused: ${join(fleet, 'dangling')}: a symbolic link to nothing`);
    expect(run.stderr).toMatch(/refused: .*sub\/loop: a link loop/);
    expect(run.stderr).toMatch(/refused: supplies\.csv line 3, field latitude: /);
    expect(run.stderr).toMatch(/refused: observed\.jsonl line 2, field hourEnd: /);
    expect(run.stderr).toMatch(/supplies: 1 from supplies\.csv/);
    expect(run.stderr).toMatch(/weather: 1 rows \(1 new\) from observed\.jsonl/);
    expect(total(run.stdout)?.slice(0, 2)).toEqual([24, 24]);
  });

  it('refuses a supplies CSV without a required column as a whole, and ingests the rest', () => {
    mkdirSync(join(dir, 'in'));
    writeFileSync(
      join(dir, 'in', GOOD),
      meterFileText('F5D', [1], T0, 24, () => 5),
    );
    writeFileSync(join(dir, 'in', 'supplies.csv'), 'cups,zone\n');

    const run = mce('ingest', join(dir, 'in'));

    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/refused: supplies\.csv line 1: field "latitude" is missing/);
    expect(total(run.stdout)?.[0]).toBe(24);
  });
});

describe('mce ingest: named paths', () => {
  it.each([
    ['readings.txt', 'x'],
    ['X5D_0021_0762_20240301.0', 'x'],
  ])('exits 2 for a named file that is not a metering file (%s), storing nothing', (name, text) => {
    writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, GOOD),
      meterFileText('F5D', [1], T0, 24, () => 5),
    );

    const run = mce('ingest', join(dir, GOOD), join(dir, name));

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(dir, name)} is not a metering file`);
    expect(existsSync(join(dir, 'store'))).toBe(false);
  });

  it('exits 2 for a path that does not exist, and creates no store', () => {
    const run = mce('ingest', join(dir, 'nowhere'));

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(dir, 'nowhere')} does not exist`);
    expect(existsSync(join(dir, 'store'))).toBe(false);
  });
});

describe('mce ingest: a file edited under its name', () => {
  const cups = testCups(1);
  const readings = () =>
    mce('readings', cups, '--from', '2024-02-01', '--to', '2024-02-01')
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l).wh);

  it('stores a shorter edit, reported as replaced (101 becomes 51)', async () => {
    const path = join(dir, GOOD);
    writeFileSync(
      path,
      meterFileText('F5D', [1], T0, 24, (_, h) => (h === 0 ? 101 : 7)),
    );
    mce('ingest', path);
    await sleep(20); // a later change time than the first write's

    writeFileSync(
      path,
      meterFileText('F5D', [1], T0, 24, (_, h) => (h === 0 ? 51 : 7)),
    );
    const run = mce('ingest', path);

    expect(run.status).toBe(0);
    expect(total(run.stdout)).toEqual([24, 0, 1, 23, 0]);
    expect(readings()[0]).toBe(51);
  });

  it('stores an edit of the same size with its modification time restored (901 becomes 902)', async () => {
    const path = join(dir, GOOD);
    writeFileSync(
      path,
      meterFileText('F5D', [1], T0, 24, (_, h) => (h === 5 ? 901 : 7)),
    );
    const before = statSync(path);
    mce('ingest', path);
    await sleep(20);

    writeFileSync(path, readFileSync(path, 'latin1').replace(';901;', ';902;'), 'latin1');
    utimesSync(path, before.atime, before.mtime);
    const run = mce('ingest', path);

    expect(statSync(path).size).toBe(before.size);
    expect(run.stdout).not.toMatch(/already-ingested/);
    expect(total(run.stdout)).toEqual([24, 0, 1, 23, 0]);
    expect(readings()[5]).toBe(902);
  });
});
