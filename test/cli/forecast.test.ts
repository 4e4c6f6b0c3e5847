/**
 * `mce forecast` and `mce predictions` as a user chains them: generate a small fleet, ingest it,
 * train and promote, forecast a day, print it as CSV, forecast again. In process (cli/main.ts
 * run), with stdout and stderr captured and the exit status returned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';

let dir = '';
const DAY = '2024-03-31'; // 23 hours
const SUPPLIES = 6;

async function mce(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  const env = { ...process.env };
  process.env.MCE_STORE = `sqlite:${join(dir, 'mce.db')}`;
  process.env.MCE_BLOBS = `file:${join(dir, 'blobs')}`;
  process.env.MCE_ARTIFACTS = `file:${join(dir, 'artifacts')}`;
  process.stdout.write = ((c: string) => out.push(String(c)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => err.push(String(c)) > 0) as typeof process.stderr.write;
  try {
    const status = await run(['node', 'mce', ...args]);
    return { status, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
    process.env = env;
  }
}

const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(','));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mce-forecast-cli-'));
  const fleet = join(dir, 'fleet');
  const gen = await mce(
    'generate',
    ...['--supplies', String(SUPPLIES), '--from', '2024-01-01', '--to', DAY, '--seed', '3'],
    ...['--out', fleet],
  );
  expect(gen.status).toBe(0);
  expect((await mce('ingest', fleet)).status).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mce forecast and mce predictions', () => {
  it('refuses to forecast before a model is in prod, with what to do', async () => {
    const result = await mce('forecast', '--date', DAY);

    expect(result.status).toBe(2);
    expect(result.err).toBe(
      'mce: No model in stage prod: train and promote a model first (`mce train --promote`)\n',
    );
  });

  it('forecasts every supply-hour of the day, prints it as CSV, and a second run leaves the same rows', async () => {
    // Prepare
    const trained = await mce('train', '--window-days', '60', '--backtest-days', '14', '--promote');
    expect(trained.status).toBe(0);
    // Act
    const first = await mce('forecast', '--date', DAY, '--stage', 'prod');
    const csv = await mce('predictions', '--date', DAY, '--format', 'csv');
    const again = await mce('forecast', '--date', DAY, '--stage', 'prod');
    const csvAgain = await mce('predictions', '--date', DAY, '--format', 'csv');
    const one = await mce('predictions', '--date', DAY, '--cups', csvRows(csv.out)[1]![0]!);
    // Assess
    expect(first.status).toBe(0);
    expect(first.err).toMatch(/forecast 2024-03-31 \[#+\] 1\/1/);
    expect(first.out).toMatch(/^stage\s+version\s+status\s+supplies\s+hours/);
    expect(first.out).toMatch(
      new RegExp(`prod\\s+v\\S+\\s+complete\\s+${SUPPLIES}/${SUPPLIES}\\s+${SUPPLIES * 23}`),
    );
    const rows = csvRows(csv.out);
    expect(rows[0]).toEqual([
      'cups',
      'hourEnd',
      'localHour',
      'summer',
      'wh',
      'p10',
      'p90',
      'stage',
      'modelVersion',
      'runId',
      'fallback',
    ]);
    expect(rows).toHaveLength(1 + SUPPLIES * 23);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(SUPPLIES);
    // The March day's labels as the files write them: 01:00, 02:00 (winter), 04:00 … 00:00.
    expect(rows.slice(1, 4).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['2024-03-31T00:00:00.000Z', '2024/03/31 01:00', '0'],
      ['2024-03-31T01:00:00.000Z', '2024/03/31 02:00', '0'],
      ['2024-03-31T02:00:00.000Z', '2024/03/31 04:00', '1'],
    ]);
    for (const r of rows.slice(1)) {
      const [wh, p10, p90] = [Number(r[4]), Number(r[5]), Number(r[6])];
      expect(p10 <= wh && wh <= p90).toBe(true);
    }
    expect(again.status).toBe(0);
    const withoutRun = (table: string[][]) => table.map((r) => [...r.slice(0, 9), r[10]]);
    expect(withoutRun(csvRows(csvAgain.out))).toEqual(withoutRun(rows));
    expect(csvRows(csvAgain.out)[1]![9]).not.toBe(rows[1]![9]);
    expect(one.out.trim().split('\n')).toHaveLength(23);
    expect(JSON.parse(one.out.split('\n')[0]!)).toMatchObject({
      cups: rows[1]![0],
      stage: 'prod',
      localHour: '2024/03/31 01:00',
    });
  }, 120_000);

  it('says what is missing for a day no reading can reach, and for a day never forecast', async () => {
    const far = await mce('forecast', '--date', '2024-06-15', '--stage', 'prod');
    const none = await mce('predictions', '--date', '2024-03-30');

    expect(far.status).toBe(2);
    expect(far.err).toMatch(
      /^mce: No readings visible at the origin of 2024-06-15 \(11:00 Europe\/Madrid on 2024-06-14\): the forecast reads readings of 2024-05-17\.\.2024-06-13, and the store's readings run 2024-01-01\.\.2024-03-31\n$/,
    );
    expect(none.status).toBe(2);
    expect(none.err).toBe(
      'mce: No prod predictions for 2024-03-30: run `mce forecast --date 2024-03-30` first\n',
    );
  });
});
